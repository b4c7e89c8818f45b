import { clock } from './format';
import type { EvalProgress, RunState } from './state';

/** Epochs as Lightning's progress bar shows them: from 0, out of the last one (max_epochs - 1). */
export function epochOf(epoch: number, maxEpochs: number): string {
  return `${epoch}/${Math.max(0, maxEpochs - 1)}`;
}

function evaluationText(e: EvalProgress, maxEpochs: number): string {
  const loop =
    e.phase === 'validate' ? `Validating epoch ${epochOf(e.epoch, maxEpochs)}` : 'Testing';
  return `${loop} · batch ${e.batch}/${e.batches} · ETA ${clock(e.etaSeconds)}`;
}

/** The whole run's progress (every epoch), with tqdm's epoch, batch, speed and time left. */
export function RunProgress({ run }: { run: RunState }) {
  const p = run.progress;
  const percent = Math.round((p?.fraction ?? 0) * 100);
  let text: string;
  if (p && (run.finishReason === 'stopped' || run.finishReason === 'diverged')) {
    const ended = run.finishReason === 'stopped' ? 'Stopped' : 'Diverged';
    text = `${ended} at epoch ${epochOf(p.epoch, run.maxEpochs)} · batch ${p.batch}/${p.batches}`;
  } else if (run.evaluation && (run.status === 'running' || run.status === 'paused')) {
    text = evaluationText(run.evaluation, run.maxEpochs);
  } else if (p) {
    text =
      `Epoch ${epochOf(p.epoch, run.maxEpochs)} · batch ${p.batch}/${p.batches} · ` +
      `${p.samplesPerSec.toFixed(1)} samples/s · ETA ${clock(p.etaSeconds)}`;
  } else if (run.status === 'running') {
    text = 'Preparing the data and the model…';
  } else {
    text = 'Click Train to start.';
  }
  return (
    <>
      {/* The visible text sits inside the progressbar so its name, value and text go together. */}
      <div
        className="progress"
        role="progressbar"
        aria-label="Training progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}% — ${text}`}
      >
        <div className="progress-track">
          <div className="progress-fill" style={{ transform: `scaleX(${percent / 100})` }} />
        </div>
        <p className="progress-text">
          <span className="percent">{percent}%</span> {text}
        </p>
      </div>
      {p && (
        <p className="muted small">
          Epochs count from 0, as in Lightning: the log, the charts and the checkpoint names too.
        </p>
      )}
    </>
  );
}
