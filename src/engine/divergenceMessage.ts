import type { ExperimentConfig } from './config';
import type { Divergence } from './lit/divergenceDetector';

/**
 * What a diverged run tells the user: where the loss stopped being finite, what is kept, and
 * the flag to lower (the one-cycle peak when the schedule sets the rate).
 */
export function divergenceMessage(
  divergence: Divergence,
  config: Pick<ExperimentConfig, 'lr' | 'one_cycle_max_lr'>,
  lastCheckpoint: string | undefined,
): string {
  const [flag, rate] = config.one_cycle_max_lr
    ? ['one_cycle_max_lr', config.one_cycle_max_lr]
    : ['lr', config.lr];
  const kept = lastCheckpoint
    ? `The last good checkpoint, ${lastCheckpoint}, is kept; nothing was saved after it.`
    : 'No checkpoint was saved before it.';
  return (
    `Training diverged: the loss was ${divergence.loss} at step ${divergence.step}. ${kept} ` +
    `Try a lower learning rate, e.g. --${flag} ${rate / 10} (a tenth of ${rate}).`
  );
}
