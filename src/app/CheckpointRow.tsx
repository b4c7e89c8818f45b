import { useState } from 'react';
import type { CheckpointRecord } from '../workers/protocol';
import { downloadCheckpoint, loadModel } from './commands';
import { formatBytes, formatMetric } from './format';
import { dispatch } from './store';

const metric = (record: CheckpointRecord, name: string) => {
  const value = record.metrics[name];
  return value === undefined ? '—' : formatMetric(value);
};

interface Props {
  record: CheckpointRecord;
  loaded: boolean;
  /** A run is training: no other may start. */
  busy: boolean;
  /** Continues the run; with a new max_epochs when the run had trained all of its own. */
  onResume: (record: CheckpointRecord, maxEpochs?: number) => void;
  onDelete: (record: CheckpointRecord) => void;
}

/**
 * One row of the Checkpoints table, a component of its own so that a record whose data breaks
 * it fails inside the row's error boundary, not the panel's.
 */
export function CheckpointRow({ record, loaded, busy, onResume, onDelete }: Props) {
  // A run that has trained all its epochs asks, in its row, how many epochs to train to.
  const [epochs, setEpochs] = useState<string>();
  const ended = record.epoch + 1 >= record.maxEpochs;
  const extend = () => {
    const maxEpochs = Number(epochs);
    if (!Number.isInteger(maxEpochs) || maxEpochs <= record.epoch + 1) {
      dispatch({
        type: 'notice',
        kind: 'error',
        text: `Give a whole number of epochs above ${record.epoch + 1}: this run has trained ${record.epoch + 1}.`,
      });
      return;
    }
    setEpochs(undefined);
    onResume(record, maxEpochs);
  };
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
          <button
            type="button"
            onClick={() => (ended ? setEpochs(String(record.epoch + 2)) : onResume(record))}
            disabled={busy}
          >
            Resume training
          </button>
          {epochs !== undefined && (
            <form
              className="extend-run"
              onSubmit={(e) => {
                e.preventDefault();
                extend();
              }}
            >
              <label>
                This run has trained all {record.maxEpochs} of its epochs. Train up to
                <input
                  type="number"
                  min={record.epoch + 2}
                  step={1}
                  value={epochs}
                  onChange={(e) => setEpochs(e.currentTarget.value)}
                />
                epochs
              </label>
              <button type="submit" disabled={busy}>
                Continue training
              </button>
              <button type="button" onClick={() => setEpochs(undefined)}>
                Cancel
              </button>
            </form>
          )}
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
