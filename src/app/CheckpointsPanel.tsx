import { useMemo } from 'react';
import type { CheckpointRecord } from '../workers/protocol';
import { CheckpointRow } from './CheckpointRow';
import { groupByRun } from './checkpointGroups';
import {
  deleteCheckpoint,
  deleteUnreadableCheckpoint,
  importCheckpoint,
  resumeTraining,
} from './commands';
import type { Query } from './configForm';
import { ErrorBoundary } from './ErrorBoundary';
import { formatBytes } from './format';
import { StorageUsage } from './StorageUsage';
import { useStudio } from './store';
import { TaskStatus } from './TaskStatus';
import { UnreadableRecords } from './UnreadableRecords';

/** The table's columns, for the rows that span them all. */
const COLUMNS = 6;

/**
 * The top-k checkpoints of every run, stored in this browser, grouped by run (newest first),
 * with what can be done to them.
 */
export function CheckpointsPanel({ query }: { query: Query }) {
  const checkpoints = useStudio((s) => s.checkpoints);
  const unreadable = useStudio((s) => s.unreadableCheckpoints);
  const loadedId = useStudio((s) => s.loadedModel?.id);
  const status = useStudio((s) => s.run.status);
  const busy = status === 'running' || status === 'paused';
  const groups = useMemo(() => groupByRun(checkpoints), [checkpoints]);
  const totalBytes = groups.reduce((sum, group) => sum + group.bytes, 0);

  const resume = (record: CheckpointRecord, maxEpochs?: number) => {
    void resumeTraining(record, query.backend, maxEpochs);
  };
  const remove = (record: CheckpointRecord) => {
    if (window.confirm(`Delete ${record.runName}, epoch ${record.epoch}? This cannot be undone.`)) {
      void deleteCheckpoint(record);
    }
  };

  // A record its row cannot show may hold anything: it is named by its id alone.
  const removeBroken = async (record: CheckpointRecord) => {
    if (window.confirm(`Delete the checkpoint "${record.id}"? This cannot be undone.`)) {
      await deleteCheckpoint(record);
    }
  };

  return (
    <section aria-labelledby="checkpoints-title" className="panel checkpoints">
      <h2 id="checkpoints-title">Checkpoints</h2>
      <p className="lead">
        The best 5 epochs of each run are kept in this browser, with the test metrics of the one its
        run was tested on. <strong>Load</strong> one to draw with it in the Playground; under{' '}
        <strong>More</strong>, download it to use elsewhere, resume its training or delete it.
      </p>
      <TaskStatus task="loadModel" label="Model loading" />
      <div className="table-wrap checkpoint-list">
        <table className="checkpoint-table">
          <caption>Checkpoints</caption>
          <thead>
            <tr>
              <th scope="col">Epoch</th>
              <th scope="col">Validation</th>
              <th scope="col">Test</th>
              <th scope="col" className="num">
                Size
              </th>
              <th scope="col">Saved</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          {groups.map((group) => (
            <tbody key={group.runName}>
              <tr>
                <th scope="rowgroup" colSpan={COLUMNS} className="run-heading">
                  <span className="mono run-name">{group.runName}</span>{' '}
                  <span className="muted small">
                    {group.records[0]?.modelClass} on {group.records[0]?.dataClass} ·{' '}
                    {group.records.length === 1
                      ? '1 checkpoint'
                      : `${group.records.length} checkpoints`}{' '}
                    · {formatBytes(group.bytes)}
                  </span>
                </th>
              </tr>
              {group.records.map((record) => (
                <ErrorBoundary
                  key={record.id}
                  what={`The checkpoint "${record.id}"`}
                  remove={{ label: 'Remove this checkpoint', run: () => removeBroken(record) }}
                  frame={(notice) => (
                    <tr>
                      <td colSpan={COLUMNS}>{notice}</td>
                    </tr>
                  )}
                >
                  <CheckpointRow
                    record={record}
                    loaded={record.id === loadedId}
                    busy={busy}
                    onResume={resume}
                    onDelete={remove}
                  />
                </ErrorBoundary>
              ))}
            </tbody>
          ))}
        </table>
        {checkpoints.length === 0 && (
          <p className="empty boxed">
            No checkpoints yet: train a model and its best epochs appear here.
          </p>
        )}
      </div>
      {checkpoints.length > 0 && (
        <p className="small">
          Checkpoints use <strong>{formatBytes(totalBytes)}</strong> in all ({checkpoints.length}{' '}
          from {groups.length === 1 ? '1 run' : `${groups.length} runs`}).
        </p>
      )}
      <StorageUsage />
      <UnreadableRecords
        label="Unreadable checkpoints"
        noun="checkpoint"
        after=" to free the space; the others are not affected."
        entries={unreadable}
        confirm
        onDelete={(entry) => void deleteUnreadableCheckpoint(entry)}
      />
      <div className="file-row">
        <label htmlFor="import-checkpoint">Import checkpoint</label>
        <input
          id="import-checkpoint"
          type="file"
          accept=".ckpt,.safetensors,application/octet-stream"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = ''; // the same file can be picked again
            if (file) void importCheckpoint(file);
          }}
        />
        <span className="muted small">
          A .ckpt file downloaded from Inklab or the CLI, or a weights.safetensors of a PyTorch
          export or its train.py.
        </span>
      </div>
    </section>
  );
}
