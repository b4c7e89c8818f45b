import { type FormEvent, useState } from 'react';
import { errorMessage } from '../engine/errorMessage';
import { planSweep, sweepableFlags } from '../engine/sweep/planSweep';
import { RESULT_METRICS } from '../engine/sweep/sweepResults';
import type { SweepState } from '../workers/protocol';
import { openTrialInPlayground, startSweep, stopRun } from './commands';
import { defaultOf, type Query, queryForUrl, specsFor } from './configForm';
import { flagLabel } from './flagLabels';
import { clock } from './format';
import { ParallelCoordinates } from './ParallelCoordinates';
import { sectionHref } from './sections';
import { useStudio } from './store';

interface Row {
  key: number;
  flag: string;
  values: string;
}

const STATUS_TEXT: Record<string, string> = {
  running: 'Training',
  completed: 'Completed',
  earlyStopping: 'Stopped early',
  stopped: 'Stopped',
  pruned: 'Pruned',
  diverged: 'Diverged',
  error: 'Failed',
};

const num = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(4));

/**
 * Sweeps: the Train form's flags fixed, some flags given several values (a list or a range),
 * trials trained one after another in the worker, pruned by the median rule if asked; a live
 * table and a parallel-coordinates plot, the best trial one click from the Playground.
 */
export function SweepsPanel({ query }: { query: Query }) {
  const sweep = useStudio((s) => s.sweep);
  const runStatus = useStudio((s) => s.run.status);
  const dataClass = query.data_class || defaultOf('data_class');
  const modelClass = query.model_class || defaultOf('model_class');
  const choices = sweepableFlags(dataClass, modelClass);
  const [rows, setRows] = useState<Row[]>([{ key: 0, flag: 'lr', values: '1e-3,3e-3' }]);
  const [method, setMethod] = useState<'auto' | 'grid' | 'random'>('auto');
  const [trials, setTrials] = useState('');
  const [seed, setSeed] = useState('0');
  const [prune, setPrune] = useState(true);
  const sweeping = sweep?.status === 'running';
  const busy = sweeping || runStatus === 'running' || runStatus === 'paused';

  const fixed = queryForUrl(query, specsFor(query));
  const epochs = fixed.max_epochs ?? defaultOf('max_epochs');
  const settings = {
    fixed,
    swept: Object.fromEntries(rows.map((r) => [r.flag, r.values])),
    ...(method === 'auto' ? {} : { method }),
    ...(trials.trim() ? { trials: Number(trials) } : {}),
    seed: Number(seed) || 0,
    prune,
    monitor: 'validation/loss',
    mode: 'min' as const,
  };
  let plan: { count: number } | { problem: string };
  try {
    const duplicate = rows.find((r, i) => rows.findIndex((o) => o.flag === r.flag) !== i);
    if (duplicate) throw new Error(`--${duplicate.flag} is chosen twice: give it one row.`);
    plan = { count: planSweep(settings).configs.length };
  } catch (error) {
    plan = { problem: errorMessage(error) };
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if ('count' in plan && !busy) void startSweep(settings);
  };
  const update = (key: number, change: Partial<Row>) =>
    setRows((all) => all.map((r) => (r.key === key ? { ...r, ...change } : r)));
  const unused = choices.find((c) => !rows.some((r) => r.flag === c.name));

  return (
    <section className="panel sweeps-panel" aria-labelledby="sweeps-title">
      <h2 id="sweeps-title" tabIndex={-1}>
        Sweeps
      </h2>
      <p className="hint">
        One run per combination of the values below; every other flag is as in{' '}
        <a href={sectionHref('train')}>Train</a> ({modelClass} on {dataClass}, {epochs} epoch
        {epochs === '1' ? '' : 's'}). Each trial is recorded in Runs.
      </p>
      <form className="sweep-form" onSubmit={submit} aria-describedby="sweep-plan">
        <fieldset>
          <legend>Flags to sweep</legend>
          {rows.map((row, i) => (
            <div className="sweep-row" key={row.key}>
              <label>
                Flag {i + 1}{' '}
                <select
                  value={row.flag}
                  onChange={(e) => update(row.key, { flag: e.target.value })}
                >
                  {choices.map((c) => (
                    <option key={c.name} value={c.name}>
                      {flagLabel(c.name)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Values of {row.flag}{' '}
                <input
                  value={row.values}
                  onChange={(e) => update(row.key, { values: e.target.value })}
                  placeholder="a,b,c or MIN:MAX"
                  spellCheck={false}
                />
              </label>
              <button
                type="button"
                disabled={rows.length === 1}
                onClick={() => setRows((all) => all.filter((r) => r.key !== row.key))}
              >
                Remove {row.flag}
              </button>
            </div>
          ))}
          <button
            type="button"
            disabled={!unused}
            onClick={() =>
              unused &&
              setRows((all) => [
                ...all,
                { key: Math.max(...all.map((r) => r.key)) + 1, flag: unused.name, values: '' },
              ])
            }
          >
            Add a flag
          </button>
          <p className="muted small">
            A list (<code>1e-3,3e-3</code>) or a range (<code>1e-4:1e-2</code>, log scale when it
            spans a factor of 10; a range needs a random search).
          </p>
        </fieldset>
        <div className="sweep-options">
          <label>
            Search{' '}
            <select value={method} onChange={(e) => setMethod(e.target.value as typeof method)}>
              <option value="auto">Grid, or random with a range</option>
              <option value="grid">Grid: every combination</option>
              <option value="random">Random draws</option>
            </select>
          </label>
          <label>
            Trials{' '}
            <input
              inputMode="numeric"
              value={trials}
              onChange={(e) => setTrials(e.target.value)}
              placeholder="all"
              size={5}
            />
          </label>
          <label>
            Seed{' '}
            <input
              inputMode="numeric"
              value={seed}
              onChange={(e) => setSeed(e.target.value)}
              size={5}
            />
          </label>
          <label>
            <input type="checkbox" checked={prune} onChange={(e) => setPrune(e.target.checked)} />{' '}
            Prune a trial whose validation loss is worse than the median of earlier trials at the
            same epoch
          </label>
        </div>
        <p id="sweep-plan" className={'problem' in plan ? 'error-text' : 'hint'} aria-live="polite">
          {'problem' in plan
            ? plan.problem
            : `${plan.count} trial${plan.count === 1 ? '' : 's'}, one after another.`}
        </p>
        <div className="sweep-actions">
          <button type="submit" className="primary" disabled={'problem' in plan || busy}>
            Start sweep
          </button>
          {sweeping && (
            <button type="button" onClick={stopRun}>
              Stop sweep
            </button>
          )}
        </div>
      </form>
      {sweep && <SweepResults sweep={sweep} />}
    </section>
  );
}

function SweepResults({ sweep }: { sweep: SweepState }) {
  const done = sweep.results.filter((r) => r.status !== 'running').length;
  const best = sweep.results.find((r) => r.index === sweep.best);
  const statusText =
    sweep.status === 'running'
      ? `trial ${sweep.results.length} of ${sweep.trials.length} training`
      : `${sweep.status === 'stopped' ? 'stopped' : 'finished'}: ${done} of ${sweep.trials.length} trials`;
  return (
    <section aria-labelledby="sweep-results-title" className="sweep-results">
      <h3 id="sweep-results-title">Sweep {sweep.name}</h3>
      <p className="hint" role="status" aria-label="Sweep progress">
        {statusText}
        {sweep.prune ? ' · median pruning' : ''}
      </p>
      {best?.bestCheckpoint && (
        <p>
          Best: trial {best.index} ({sweep.swept.map((f) => `${f} ${best.params[f]}`).join(', ')}),{' '}
          {sweep.monitor} {num(best.metrics[sweep.monitor])}.{' '}
          <button
            type="button"
            className="primary"
            onClick={() =>
              void openTrialInPlayground(best.bestCheckpoint as string, sweep.dataClass)
            }
          >
            Open the best trial in the Playground
          </button>
        </p>
      )}
      <div className="table-scroll">
        <table className="runs-table sweep-table">
          <caption className="sr-only">Trials of sweep {sweep.name}</caption>
          <thead>
            <tr>
              <th scope="col">Trial</th>
              {sweep.swept.map((f) => (
                <th key={f} scope="col">
                  {f}
                </th>
              ))}
              <th scope="col">Status</th>
              <th scope="col">Epochs</th>
              {RESULT_METRICS.map((m) => (
                <th key={m} scope="col">
                  {m}
                </th>
              ))}
              <th scope="col">Duration</th>
            </tr>
          </thead>
          <tbody>
            {sweep.results.map((r) => (
              <tr
                key={r.index}
                className={r.index === sweep.best ? 'sweep-trial best' : 'sweep-trial'}
                data-status={r.status}
              >
                <th scope="row">
                  {r.index}
                  {r.index === sweep.best ? ' (best)' : ''}
                </th>
                {sweep.swept.map((f) => (
                  <td key={f}>{String(r.params[f])}</td>
                ))}
                <td>{STATUS_TEXT[r.status] ?? r.status}</td>
                <td>{r.epochs}</td>
                {RESULT_METRICS.map((m) => (
                  <td key={m}>{num(r.metrics[m])}</td>
                ))}
                <td>{clock(r.durationS)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ParallelCoordinates sweep={sweep} />
    </section>
  );
}
