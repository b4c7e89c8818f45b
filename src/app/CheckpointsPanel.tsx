import { useState } from 'react';
import type { CheckpointRecord } from '../workers/protocol';
import {
  deleteCheckpoint,
  deleteUnreadableCheckpoint,
  downloadCheckpoint,
  importCheckpoint,
  loadModel,
  resumeTraining,
} from './commands';
import type { Query } from './configForm';
import { formatBytes, formatMetric } from './format';
import { dispatch, useStudio } from './store';

const metric = (record: CheckpointRecord, name: string) => {
  const value = record.metrics[name];
  return value === undefined ? '—' : formatMetric(value);
};

/** The top-k checkpoints of every run, stored in this browser, with what can be done to them. */
export function CheckpointsPanel({ query }: { query: Query }) {
  const checkpoints = useStudio((s) => s.checkpoints);
  const unreadable = useStudio((s) => s.unreadableCheckpoints);
  const loadedId = useStudio((s) => s.loadedModel?.id);
  const status = useStudio((s) => s.run.status);
  const busy = status === 'running' || status === 'paused';

  // A run that has trained all its epochs asks, in its row, how many epochs to train to.
  const [extending, setExtending] = useState<{ id: string; epochs: string }>();
  const resume = (record: CheckpointRecord) => {
    if (record.epoch + 1 < record.maxEpochs) {
      void resumeTraining(record, query.backend);
      return;
    }
    setExtending({ id: record.id, epochs: String(record.epoch + 2) });
  };
  const extend = (record: CheckpointRecord, epochs: string) => {
    const maxEpochs = Number(epochs);
    if (!Number.isInteger(maxEpochs) || maxEpochs <= record.epoch + 1) {
      dispatch({
        type: 'notice',
        kind: 'error',
        text: `Give a whole number of epochs above ${record.epoch + 1}: this run has trained ${record.epoch + 1}.`,
      });
      return;
    }
    setExtending(undefined);
    void resumeTraining(record, query.backend, maxEpochs);
  };
  const remove = (record: CheckpointRecord) => {
    if (window.confirm(`Delete ${record.runName}, epoch ${record.epoch}? This cannot be undone.`)) {
      void deleteCheckpoint(record);
    }
  };

  return (
    <section aria-labelledby="checkpoints-title" className="panel checkpoints">
      <h2 id="checkpoints-title">Checkpoints</h2>
      <p className="lead">
        The best 5 epochs of each run are kept in this browser. <strong>Load</strong> one to draw
        with it in the Playground, or download it to use elsewhere.
      </p>
      <div className="table-wrap">
        <table className="checkpoint-table">
          <caption>Checkpoints</caption>
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col" className="num">
                Epoch
              </th>
              <th scope="col" className="num">
                Val loss
              </th>
              <th scope="col" className="num">
                Val acc
              </th>
              <th scope="col" className="num">
                Size
              </th>
              <th scope="col">Saved</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {checkpoints.map((record) => (
              <tr key={record.id} className={record.id === loadedId ? 'loaded' : undefined}>
                <td>
                  <span className="mono">{record.runName}</span>
                  {record.id === loadedId && <span className="badge finished">loaded</span>}
                </td>
                <td className="num">{record.epoch}</td>
                <td className="num">{metric(record, 'validation/loss')}</td>
                <td className="num">{metric(record, 'validation/acc')}</td>
                <td className="num">{formatBytes(record.bytes)}</td>
                <td>
                  <time dateTime={record.createdAt}>
                    {new Date(record.createdAt).toLocaleString()}
                  </time>
                </td>
                <td>
                  <div className="row-actions">
                    <button type="button" onClick={() => void loadModel(record)}>
                      Load
                    </button>
                    <button type="button" onClick={() => resume(record)} disabled={busy}>
                      Resume training
                    </button>
                    {extending?.id === record.id && (
                      <form
                        className="extend-run"
                        onSubmit={(e) => {
                          e.preventDefault();
                          extend(record, extending.epochs);
                        }}
                      >
                        <label>
                          This run has trained all {record.maxEpochs} of its epochs. Train up to
                          <input
                            type="number"
                            min={record.epoch + 2}
                            step={1}
                            value={extending.epochs}
                            onChange={(e) =>
                              setExtending({ id: record.id, epochs: e.currentTarget.value })
                            }
                          />
                          epochs
                        </label>
                        <button type="submit" disabled={busy}>
                          Continue training
                        </button>
                        <button type="button" onClick={() => setExtending(undefined)}>
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
                    <button type="button" className="danger" onClick={() => remove(record)}>
                      Delete
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {checkpoints.length === 0 && (
          <p className="empty boxed">
            No checkpoints yet: train a model and its best epochs appear here.
          </p>
        )}
      </div>
      {unreadable.length > 0 && (
        <section aria-label="Unreadable checkpoints" className="boxed">
          <p>
            {unreadable.length === 1
              ? 'One stored checkpoint'
              : `${unreadable.length} stored checkpoints`}{' '}
            could not be read and {unreadable.length === 1 ? 'is' : 'are'} not listed above. Delete{' '}
            {unreadable.length === 1 ? 'it' : 'them'} to free the space; the others are not
            affected.
          </p>
          <ul>
            {unreadable.map(({ id, reason }) => (
              <li key={id}>
                <span className="mono">{id}</span>: {reason}{' '}
                <button
                  type="button"
                  className="danger"
                  onClick={() => {
                    if (window.confirm(`Delete the unreadable checkpoint ${id}?`)) {
                      void deleteUnreadableCheckpoint(id);
                    }
                  }}
                >
                  Delete
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <div className="file-row">
        <label htmlFor="import-checkpoint">Import checkpoint</label>
        <input
          id="import-checkpoint"
          type="file"
          accept=".ckpt,application/octet-stream"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = ''; // the same file can be picked again
            if (file) void importCheckpoint(file);
          }}
        />
        <span className="muted small">A .ckpt file downloaded from Inklab or the CLI.</span>
      </div>
    </section>
  );
}
