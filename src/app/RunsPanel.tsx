import { useMemo, useState } from 'react';
import type { RunRecord } from '../engine/runs/runRecord';
import {
  deleteRun,
  deleteUnreadableRun,
  downloadCsv,
  importRunLogs,
  startRun,
  updateRun,
} from './commands';
import { clock } from './format';
import { RunsOverlay } from './RunsOverlay';
import {
  configDiff,
  filterRows,
  type RunRow,
  runMetricsCsv,
  runRow,
  runsCsv,
  type SortKey,
  sortRows,
} from './runsTable';
import { sectionHref } from './sections';
import { useStudio } from './store';
import { UnreadableRecords } from './UnreadableRecords';

const COLUMNS: { key: SortKey; label: string }[] = [
  { key: 'name', label: 'Run' },
  { key: 'startedAt', label: 'Started' },
  { key: 'samplesPerSec', label: 'Samples/s' },
  { key: 'durationS', label: 'Duration' },
  { key: 'bestValLoss', label: 'Best val. loss' },
  { key: 'bestValAcc', label: 'Best val. acc.' },
  { key: 'testAcc', label: 'Test acc.' },
];

const num = (v: number | undefined, digits = 4) => (v === undefined ? '–' : v.toFixed(digits));

/** Every recorded run: sort, filter, select to compare, rename, tag, delete, export, re-run. */
export function RunsPanel() {
  const runs = useStudio((s) => s.runs);
  const checkpoints = useStudio((s) => s.checkpoints);
  const unreadableRuns = useStudio((s) => s.unreadableRuns);
  const training = useStudio((s) => s.run.status === 'running' || s.run.status === 'paused');
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({
    key: 'startedAt',
    descending: true,
  });
  const [selected, setSelected] = useState<string[]>([]);
  const [deleting, setDeleting] = useState<string>();
  const [withCheckpoints, setWithCheckpoints] = useState(true);
  const rows = useMemo(
    () => sortRows(filterRows(runs.map(runRow), query), sort.key, sort.descending),
    [runs, query, sort],
  );
  const chosen = runs.filter((r) => selected.includes(r.id));
  const byId = new Map(runs.map((r) => [r.id, r]));

  const toggle = (id: string) =>
    setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  const sortBy = (key: SortKey) =>
    setSort((s) => ({ key, descending: s.key === key ? !s.descending : key !== 'name' }));

  const remove = async (id: string) => {
    setDeleting(undefined);
    await deleteRun(id, withCheckpoints);
    setSelected((s) => s.filter((x) => x !== id));
  };
  const rerun = (record: RunRecord) => {
    const config = Object.fromEntries(
      Object.entries(record.config)
        .filter(([, value]) => value !== null)
        .map(([name, value]) => [name, String(value)]),
    );
    window.location.hash = sectionHref('train');
    void startRun(config);
  };

  return (
    <section className="panel runs-panel" aria-labelledby="runs-title">
      <h2 id="runs-title" tabIndex={-1}>
        Runs
      </h2>
      {runs.length === 0 ? (
        <p className="hint">
          Every run you train is recorded here, with its curves and metrics, so you can compare runs
          after a reload. Start one in <a href={sectionHref('train')}>Train</a>.
        </p>
      ) : (
        <>
          <div className="runs-toolbar">
            <label>
              Filter runs{' '}
              <input
                type="search"
                value={query}
                onChange={(e) => setQuery(e.target.value)}
                placeholder="e.g. CNN wasm"
              />
            </label>
            <button type="button" onClick={() => downloadCsv('inklab-runs.csv', runsCsv(rows))}>
              Download table (CSV)
            </button>
            <span className="hint" aria-live="polite">
              {rows.length} of {runs.length} runs · {selected.length} selected
            </span>
          </div>
          <div className="table-scroll">
            <table className="runs-table">
              <thead>
                <tr>
                  <th scope="col">Compare</th>
                  {COLUMNS.map(({ key, label }) => (
                    <th
                      key={key}
                      scope="col"
                      aria-sort={
                        sort.key === key ? (sort.descending ? 'descending' : 'ascending') : 'none'
                      }
                    >
                      <button type="button" className="sort" onClick={() => sortBy(key)}>
                        {label}
                      </button>
                    </th>
                  ))}
                  <th scope="col">Status</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <RunTableRow
                    key={row.id}
                    row={row}
                    selected={selected.includes(row.id)}
                    onToggle={() => toggle(row.id)}
                    busy={training}
                    onRerun={() => rerun(byId.get(row.id) as RunRecord)}
                    onMetrics={() =>
                      downloadCsv(
                        `${row.id}-metrics.csv`,
                        runMetricsCsv(byId.get(row.id) as RunRecord),
                      )
                    }
                    onDelete={() => setDeleting(row.id)}
                  />
                ))}
              </tbody>
            </table>
          </div>
          {deleting && (
            <div className="confirm" role="alertdialog" aria-label={`Delete run ${deleting}`}>
              <p>
                Delete the record of run <strong>{deleting}</strong>? This cannot be undone.
              </p>
              <label>
                <input
                  type="checkbox"
                  checked={withCheckpoints}
                  onChange={(e) => setWithCheckpoints(e.target.checked)}
                />{' '}
                Also delete its {checkpoints.filter((c) => c.runName === deleting).length} stored
                checkpoints
              </label>
              <div>
                <button type="button" className="danger" onClick={() => void remove(deleting)}>
                  Delete run
                </button>{' '}
                <button type="button" onClick={() => setDeleting(undefined)}>
                  Cancel
                </button>
              </div>
            </div>
          )}
          {chosen.length > 0 && <RunsOverlay runs={chosen} />}
          {chosen.length > 1 && <ConfigDiff runs={chosen} />}
        </>
      )}
      <UnreadableRecords
        label="Unreadable run records"
        noun="run record"
        after="; the other runs are not affected."
        entries={unreadableRuns}
        onDelete={(entry) => void deleteUnreadableRun(entry)}
      />
      <ImportRunLogs />
    </section>
  );
}

interface RowProps {
  row: RunRow;
  selected: boolean;
  busy: boolean;
  onToggle: () => void;
  onRerun: () => void;
  onMetrics: () => void;
  onDelete: () => void;
}

function RunTableRow({ row, selected, busy, onToggle, onRerun, onMetrics, onDelete }: RowProps) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(row.name);
  const [tags, setTags] = useState(row.tags.join(' '));
  const save = () => {
    setEditing(false);
    void updateRun(row.id, { name, tags: tags.split(/[\s,]+/).filter(Boolean) });
  };
  return (
    <tr className="run-row" data-run={row.id}>
      <td>
        <input
          type="checkbox"
          checked={selected}
          onChange={onToggle}
          aria-label={`Compare ${row.name}`}
        />
      </td>
      <th scope="row">
        {editing ? (
          <span className="run-edit">
            <label>
              Name <input value={name} onChange={(e) => setName(e.target.value)} />
            </label>
            <label>
              Tags <input value={tags} onChange={(e) => setTags(e.target.value)} />
            </label>
            <button type="button" onClick={save}>
              Save
            </button>
          </span>
        ) : (
          <>
            <span className="run-name">{row.name}</span>
            <span className="hint">
              {' '}
              {row.model} · {row.data} · {row.flags} · {row.backend}
            </span>
            {row.tags.map((t) => (
              <span key={t} className="tag">
                {t}
              </span>
            ))}
          </>
        )}
      </th>
      <td>{new Date(row.startedAt).toLocaleString()}</td>
      <td>
        {row.samplesPerSec === undefined ? '–' : Math.round(row.samplesPerSec).toLocaleString()}
      </td>
      <td>{row.durationS === undefined ? '–' : clock(row.durationS)}</td>
      <td>{num(row.bestValLoss)}</td>
      <td>{num(row.bestValAcc)}</td>
      <td>{num(row.testAcc)}</td>
      <td>{row.status}</td>
      <td className="row-actions">
        <button
          type="button"
          aria-label={`Rename or tag ${row.name}`}
          onClick={() => setEditing(!editing)}
        >
          Rename
        </button>
        <button type="button" aria-label={`Download metrics of ${row.name}`} onClick={onMetrics}>
          Metrics CSV
        </button>
        <button type="button" aria-label={`Re-run ${row.name}`} disabled={busy} onClick={onRerun}>
          Re-run
        </button>
        <button
          type="button"
          aria-label={`Delete ${row.name}`}
          disabled={busy && row.status === 'Running'}
          onClick={onDelete}
        >
          Delete
        </button>
      </td>
    </tr>
  );
}

function ConfigDiff({ runs }: { runs: RunRecord[] }) {
  const rows = configDiff(runs);
  return (
    <section aria-labelledby="config-diff-title">
      <h3 id="config-diff-title">Flags that differ</h3>
      {rows.length === 0 ? (
        <p className="hint">These runs have the same flags.</p>
      ) : (
        <div className="table-scroll">
          <table className="config-diff">
            <thead>
              <tr>
                <th scope="col">Flag</th>
                {runs.map((r) => (
                  <th key={r.id} scope="col">
                    {r.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map(({ flag, values }) => (
                <tr key={flag}>
                  <th scope="row">{flag}</th>
                  {values.map((v, i) => (
                    <td key={runs[i].id}>{v}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Brings a CLI run's logs in beside the studio's runs. */
function ImportRunLogs() {
  return (
    <div className="file-row">
      <label htmlFor="import-run">Import a CLI run</label>
      <input
        id="import-run"
        type="file"
        multiple
        accept=".csv,.yaml,.yml,text/csv"
        aria-describedby="import-run-hint"
        onChange={(e) => {
          const files = [...(e.currentTarget.files ?? [])];
          e.currentTarget.value = ''; // the same files can be picked again
          if (files.length > 0) void importRunLogs(files);
        }}
      />
      <span id="import-run-hint" className="muted small">
        metrics.csv and hparams.yaml from <code>lightning_logs/&lt;run&gt;/version_N/</code> of{' '}
        <code>npm run experiment</code>, to compare with the studio’s runs.
      </span>
    </div>
  );
}
