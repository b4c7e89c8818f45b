import type { CheckpointRecord } from '../workers/protocol';
import { downloadCheckpoint, loadModel } from './commands';
import { formatBytes, formatMetric } from './format';

const metric = (record: CheckpointRecord, name: string) => {
  const value = record.metrics[name];
  return value === undefined ? '—' : formatMetric(value);
};

interface Props {
  record: CheckpointRecord;
  loaded: boolean;
  /** A run is training: no other may start. */
  busy: boolean;
  onResume: (record: CheckpointRecord) => void;
  onDelete: (record: CheckpointRecord) => void;
}

/**
 * One row of the Checkpoints table, a component of its own so that a record whose data breaks
 * it fails inside the row's error boundary, not the panel's.
 */
export function CheckpointRow({ record, loaded, busy, onResume, onDelete }: Props) {
  return (
    <tr className={loaded ? 'loaded' : undefined}>
      <td>
        <span className="mono">{record.runName}</span>
        {loaded && <span className="badge finished">loaded</span>}
      </td>
      <td className="num">{record.epoch}</td>
      <td className="num">{metric(record, 'validation/loss')}</td>
      <td className="num">{metric(record, 'validation/acc')}</td>
      <td className="num">{formatBytes(record.bytes)}</td>
      <td>
        <time dateTime={record.createdAt}>{new Date(record.createdAt).toLocaleString()}</time>
      </td>
      <td>
        <div className="row-actions">
          <button type="button" onClick={() => void loadModel(record)}>
            Load
          </button>
          <button type="button" onClick={() => onResume(record)} disabled={busy}>
            Resume training
          </button>
          <button type="button" onClick={() => void downloadCheckpoint(record, 'ckpt')}>
            Download
          </button>
          <button type="button" onClick={() => void downloadCheckpoint(record, 'tfjs')}>
            Download tfjs
          </button>
          <button type="button" className="danger" onClick={() => onDelete(record)}>
            Delete
          </button>
        </div>
      </td>
    </tr>
  );
}
