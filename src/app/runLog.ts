import type { TrainerEvent } from '../engine/events';
import { clock, formatCount, formatMetrics } from './format';
import type { LogLine, RunState } from './state';

type Line = Omit<LogLine, 'id'>;
const info = (text: string): Line => ({ level: 'info', text });

/**
 * The lines Lightning's console would print for an event: the run and hardware, one progress
 * line per finished epoch, metrics, checkpoint saves and how the run ended. `run` is the state
 * before the event (for the epoch's elapsed time and the run's epoch count).
 */
export function logLinesFor(event: TrainerEvent, run: RunState, at: number): Line[] {
  switch (event.type) {
    case 'runStarted':
      return [
        info(`Run ${event.runName}`),
        info(`Hardware: TensorFlow.js ${event.hardware.description}`),
        ...(event.summary
          ? [
              info(
                `${formatCount(event.summary.totalParams)} params, ` +
                  `${event.summary.sizeMB.toFixed(3)} MB estimated model size`,
              ),
            ]
          : []),
        ...(event.startEpoch > 0
          ? [info(`Resuming at epoch ${event.startEpoch}, step ${event.startStep}`)]
          : []),
      ];
    case 'step': {
      if (event.batch !== event.batchesInEpoch - 1) return [];
      const elapsed = run.timing ? (at - run.timing.epochStartedAt) / 1000 : undefined;
      const loss = event.loss === undefined ? '' : `, loss=${event.loss.toFixed(3)}`;
      return [
        info(
          `Epoch ${event.epoch}: 100%|${event.batchesInEpoch}/${event.batchesInEpoch} ` +
            `[${clock(elapsed)}, ${event.samplesPerSec.toFixed(1)} samples/s${loss}]`,
        ),
      ];
    }
    case 'evalProgress':
      return [];
    case 'epochEnd':
      return [info(`Epoch ${event.epoch} train: ${formatMetrics(event.metrics)}`)];
    case 'validation':
      return [info(`Validation (epoch ${event.epoch}): ${formatMetrics(event.metrics)}`)];
    case 'checkpointSaved': {
      const loss = event.metrics['validation/loss'];
      const reached = loss === undefined ? '' : `'validation/loss' reached ${loss.toFixed(5)}, `;
      return [
        info(`Epoch ${event.epoch}, global step ${event.step}: ${reached}saving ${event.id}`),
      ];
    }
    case 'checkpointRemoved':
      return [info(`Removed ${event.id} (no longer in the top 5)`)];
    case 'paused':
      return [info(`Paused at step ${event.step}`)];
    case 'resumed':
      return [info(`Resumed at step ${event.step}`)];
    case 'test':
      return [info(`Test (best checkpoint): ${formatMetrics(event.metrics)}`)];
    case 'finished':
      return [info(finishText(event.reason, event.epoch, event.step, run.maxEpochs))];
    case 'log':
      return [{ level: event.level, text: event.message }];
    case 'error':
      return [{ level: 'error', text: `Error: ${event.message}` }];
  }
}

function finishText(reason: string, epoch: number, step: number, maxEpochs: number): string {
  if (reason === 'completed')
    return `\`Trainer.fit\` stopped: \`max_epochs=${maxEpochs}\` reached.`;
  if (reason === 'earlyStopping') {
    return `Early stopping at epoch ${epoch}: validation/loss stopped improving.`;
  }
  if (reason === 'pruned') {
    return `Pruned at epoch ${epoch}: worse than the median of earlier trials at that epoch.`;
  }
  if (reason === 'diverged') return `\`Trainer.fit\` stopped at step ${step}: the loss diverged.`;
  return `Stopped by the user at epoch ${epoch}, step ${step}; saved checkpoints are kept.`;
}
