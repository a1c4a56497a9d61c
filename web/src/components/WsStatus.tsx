import { formatDuration } from '../lib/format';
import { useConnection } from '../live/liveStore';

/** Live / connecting / reconnecting pill for the `/ws` stream. */
export function WsStatus() {
  const { status, attempt, retryInMs } = useConnection();
  const text = status === 'live' ? 'Live' : status === 'connecting' ? 'Connecting…' : `Reconnecting${attempt > 1 ? ` (#${attempt})` : ''}…`;
  const title = status === 'reconnecting' && retryInMs !== null ? `Next attempt in ${formatDuration(retryInMs)}` : 'WebSocket /ws';
  return (
    <span className={`pill pill-${status}`} data-testid="ws-status" data-status={status} title={title}>
      <span className="dot" />
      {text}
    </span>
  );
}
