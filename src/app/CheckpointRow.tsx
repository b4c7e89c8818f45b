import type { CheckpointRecord } from '../workers/protocol';
import { CheckpointActions } from './CheckpointActions';
import { splitMetrics } from './checkpointGroups';
import { formatBytes, formatMetric } from './format';

interface Props {
  record: CheckpointRecord;
  loaded: boolean;
  /** A run is training: no other may start. */
  busy: boolean;
  /** Continues the run; with a new max_epochs when the run had trained all of its own. */
  onResume: (record: CheckpointRecord, maxEpochs?: number) => void;
  onDelete: (record: CheckpointRecord) => void;
}

/** "loss 0.5123 acc 0.8100", each name and value a pair the cell can wrap between. */
function Metrics({ metrics }: { metrics: { name: string; value: number }[] }) {
  return (
    <span className="metric-pairs">
      {metrics.map(({ name, value }) => (
        <span key={name}>
          <span className="muted">{name}</span> {formatMetric(value)}
        </span>
      ))}
    </span>
  );
}

/**
 * One checkpoint of a run's group in the Checkpoints table, a component of its own so that a
 * record whose data breaks it fails inside the row's error boundary, not the panel's. The
 * data-label attributes name the cells when narrow screens show rows as cards.
 */
export function CheckpointRow({ record, loaded, busy, onResume, onDelete }: Props) {
  const validation = splitMetrics(record.metrics, 'validation');
  const test = splitMetrics(record.testMetrics, 'test');
  return (
    <tr className={loaded ? 'checkpoint loaded' : 'checkpoint'}>
      <th scope="row" className="epoch-cell">
        epoch {record.epoch}
        {loaded && <span className="badge finished">loaded</span>}
      </th>
      <td data-label="Validation">
        {validation.length > 0 ? <Metrics metrics={validation} /> : '—'}
      </td>
      <td data-label="Test">
        {test.length > 0 ? <Metrics metrics={test} /> : <span className="muted">not tested</span>}
      </td>
      <td data-label="Size" className="num">
        {formatBytes(record.bytes)}
      </td>
      <td data-label="Saved">
        <time dateTime={record.createdAt}>{new Date(record.createdAt).toLocaleString()}</time>
      </td>
      <td className="checkpoint-actions">
        <CheckpointActions record={record} busy={busy} onResume={onResume} onDelete={onDelete} />
      </td>
    </tr>
  );
}
