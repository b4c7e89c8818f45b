import { resumeFailedRun } from './commands';
import type { RunState } from './state';

/** Why the run failed and, when it saved a checkpoint, the way to continue it from there. */
export function RunFailure({ run }: { run: RunState }) {
  if (run.status !== 'error') return null;
  return (
    <div className="run-failure">
      <p>
        <strong>The run failed:</strong> {run.error ?? 'no reason was given.'}
      </p>
      {run.lastCheckpoint && run.config && (
        <button type="button" className="primary" onClick={resumeFailedRun}>
          Resume from the last checkpoint
        </button>
      )}
    </div>
  );
}
