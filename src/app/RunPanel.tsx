import { pauseRun, resumeRun, stopRun } from './commands';
import { ModelSummaryTable } from './ModelSummaryTable';
import { RunCharts } from './RunCharts';
import { RunFailure } from './RunFailure';
import { RunLog } from './RunLog';
import { RunProgress } from './RunProgress';
import { sectionHref } from './sections';
import type { RunState } from './state';
import { useStudio } from './store';
import { TestMetrics } from './TestMetrics';

const STATUS_TEXT: Record<RunState['status'], string> = {
  idle: 'No run yet',
  running: 'Training',
  paused: 'Paused',
  finished: 'Finished',
  error: 'Failed',
};

function statusText(run: RunState): string {
  if (run.status === 'running' && run.evaluation) {
    return run.evaluation.phase === 'validate' ? 'Validating' : 'Testing';
  }
  if (run.status !== 'finished') return STATUS_TEXT[run.status];
  if (run.finishReason === 'stopped') return 'Stopped';
  if (run.finishReason === 'pruned') return 'Pruned (worse than the median of earlier trials)';
  return run.finishReason === 'earlyStopping' ? 'Finished (early stopping)' : 'Finished';
}

/** Once the run's best checkpoint is loaded, one click opens the Playground to draw with it. */
function TryIt({ runName }: { runName?: string }) {
  const loaded = useStudio((s) => s.loadedModel?.runName);
  if (!runName || loaded !== runName) return null;
  return (
    <p className="try-it">
      <a className="button primary" href={sectionHref('playground')}>
        Try it in the Playground
      </a>
      <span className="muted">
        The best checkpoint of this run is loaded: draw and see its guesses.
      </span>
    </p>
  );
}

/** The live run: hardware, controls, progress, charts, console log, model and test results. */
export function RunPanel() {
  // The panel's own parts update with the store (10/s); the charts throttle themselves further.
  const run = useStudio((s) => s.run);
  const active = run.status === 'running' || run.status === 'paused';
  const pausing = run.requested === 'pause';
  const stopping = run.requested === 'stop';
  return (
    <section aria-labelledby="run-title" className="panel run">
      <div className="panel-head">
        <h2 id="run-title">Run</h2>
        <span className={`badge ${run.status}`}>{statusText(run)}</span>
        <div className="controls">
          <button
            type="button"
            onClick={pauseRun}
            disabled={run.status !== 'running' || !run.started || pausing || stopping}
          >
            {pausing ? 'Pausing…' : 'Pause'}
          </button>
          <button type="button" onClick={resumeRun} disabled={run.status !== 'paused' || stopping}>
            Resume
          </button>
          <button type="button" className="danger" onClick={stopRun} disabled={!active || stopping}>
            {stopping ? 'Stopping…' : 'Stop'}
          </button>
        </div>
      </div>
      <p className="hardware">
        {run.runName ? (
          <>
            <span className="mono">{run.runName}</span> on TensorFlow.js {run.hardware?.description}
          </>
        ) : (
          <span className="muted">
            Training runs in a background worker, so the page stays responsive.
          </span>
        )}
      </p>
      <RunFailure run={run} />
      <RunProgress run={run} />
      <TestMetrics run={run} />
      <TryIt runName={run.runName} />
      <RunCharts />
      <div className="run-details">
        <div>
          <h3>Log</h3>
          <RunLog lines={run.log} />
        </div>
        <div>
          <h3>Model summary</h3>
          <ModelSummaryTable summary={run.summary} />
        </div>
      </div>
    </section>
  );
}
