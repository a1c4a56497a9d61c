import { useEffect } from 'react';
import { WsStatus } from './components/WsStatus';
import { useHashPage } from './hooks/useHashPage';
import { hashFor, pages, type PageId } from './lib/hashRoute';
import { liveStore } from './live/liveStore';
import { ClusterPage } from './pages/ClusterPage';
import { GeneratorPage } from './pages/GeneratorPage';
import { LateEventsPage } from './pages/LateEventsPage';
import { LiveWindowsPage } from './pages/LiveWindowsPage';
import { PipelinesPage } from './pages/PipelinesPage';
import { WatermarksPage } from './pages/WatermarksPage';

const views: Record<PageId, () => React.JSX.Element> = {
  live: LiveWindowsPage,
  late: LateEventsPage,
  watermarks: WatermarksPage,
  pipelines: PipelinesPage,
  generator: GeneratorPage,
  cluster: ClusterPage,
};

export function App() {
  const page = useHashPage();
  useEffect(() => liveStore.start(), []);
  useEffect(() => {
    document.title = `${pages.find((p) => p.id === page)?.label ?? ''} · FlowOrleans`;
  }, [page]);
  const View = views[page];
  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden>
            ◆
          </span>
          <span>FlowOrleans</span>
        </div>
        <nav className="nav" aria-label="Pages">
          {pages.map((p) => (
            <a key={p.id} href={hashFor(p.id)} className={p.id === page ? 'active' : undefined} aria-current={p.id === page ? 'page' : undefined} data-testid={`nav-${p.id}`}>
              <span className="nav-icon" aria-hidden>
                {p.icon}
              </span>
              {p.label}
            </a>
          ))}
        </nav>
        <div className="sidebar-foot">
          <WsStatus />
        </div>
      </aside>
      <main className="main">
        <View />
      </main>
    </div>
  );
}
