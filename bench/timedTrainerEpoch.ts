import * as tf from '@tensorflow/tfjs';
import type { DataModule } from '../src/engine/data/types';
import type { LitModel } from '../src/engine/lit/litModel';
import { Trainer, type TrainerOptions } from '../src/engine/lit/trainer';

/**
 * One Trainer epoch of `batches` training batches on `module`; returns the seconds of its
 * training loop alone (validation and setup are not counted). `around` is told when that loop
 * starts and ends.
 */
export async function timedTrainerEpoch(
  module: LitModel,
  data: DataModule,
  batchSize: number,
  batches: number,
  options: Partial<TrainerOptions> = {},
  around: { start?: () => void; stop?: () => void } = {},
): Promise<number> {
  let start = 0;
  let seconds = 0;
  const trainer = new Trainer({
    runName: 'bench',
    maxEpochs: 1,
    batchSize,
    seed: 1,
    limitTrainBatches: batches,
    limitValBatches: 1,
    hardware: { backend: tf.getBackend(), description: tf.getBackend() },
    ...options,
    callbacks: [
      {
        name: 'BenchTimer',
        onTrainEpochStart: () => {
          around.start?.();
          start = performance.now();
        },
        onTrainEpochEnd: () => {
          seconds = (performance.now() - start) / 1000;
          around.stop?.();
        },
      },
    ],
  });
  await trainer.fit(module, data);
  return seconds;
}
