import type { SiloInfo } from '../api/types';
import { Timestamp } from '../components/Timestamp';
import { formatDuration, formatNumber } from '../lib/format';

export function SiloCard({ silo }: { silo: SiloInfo }) {
  return (
    <article className={`card silo silo-${silo.status.toLowerCase()}`} data-testid="silo-card" data-status={silo.status}>
      <div className="card-title">
        <h3 className="silo-name">{silo.name || silo.address}</h3>
        <span className={`badge badge-silo-${silo.status.toLowerCase()}`}>{silo.status}</span>
      </div>
      {silo.name ? (
        <div className="mono muted small silo-address" title={silo.address}>
          {silo.address}
        </div>
      ) : null}
      <dl className="kv">
        <dt>Uptime</dt>
        <dd className="mono">{silo.status === 'Dead' ? '—' : formatDuration(silo.uptimeMs)}</dd>
        <dt>Activations</dt>
        <dd className="mono">{formatNumber(silo.activations)}</dd>
        <dt>Started</dt>
        <dd>
          <Timestamp ms={silo.startedAt} />
        </dd>
      </dl>
      {silo.isLocal ? <span className="badge badge-local">this gateway</span> : null}
    </article>
  );
}
