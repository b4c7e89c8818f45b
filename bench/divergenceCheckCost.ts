import * as tf from '@tensorflow/tfjs';
import type { DataModule } from '../src/engine/data/types';
import { DivergenceDetector } from '../src/engine/lit/divergenceDetector';
import { LitModel } from '../src/engine/lit/litModel';
import { buildCNN } from '../src/engine/models/cnn';
import { labCnn } from './labCnn';
import { timedTrainerEpoch } from './timedTrainerEpoch';

export interface DivergenceCheckResult {
  divergence_check_on_samples_per_s: number;
  divergence_check_off_samples_per_s: number;
  divergence_check_on_vs_off_ratio: number;
  /** The check's own work per step (observe + the packed read), beside a step's time. */
  divergence_check_ms_per_step: number;
  divergence_check_batches_per_round: number;
  divergence_check_rounds: number;
}

/**
 * What the divergence check costs: the Trainer on the lab's CNN with the check on and off,
 * alternated round by round (the order swapped each round) so machine noise hits both alike.
 * The loss is read every step, as the studio's worker does: the check's most expensive setting.
 */
export async function measureDivergenceCheck(
  data: DataModule,
  batchSize: number,
  batchesPerRound: number,
  rounds: number,
): Promise<DivergenceCheckResult> {
  await data.setup();
  const module = new LitModel(buildCNN(data.config(), labCnn, 1), {
    optimizer: 'adam',
    lr: 1e-3,
    oneCycleTotalSteps: 100,
  });
  const seconds = { on: 0, off: 0 };
  const epoch = async (check: 'on' | 'off', batches: number) => {
    const options = { checkDivergence: check === 'on', logEveryNSteps: 1 };
    return timedTrainerEpoch(module, data, batchSize, batches, options);
  };
  // Warm-up: kernel setup and first-call costs, not counted.
  await epoch('on', 1);
  await epoch('off', 1);
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const);
    for (const check of order) seconds[check] += await epoch(check, batchesPerRound);
  }
  module.dispose();
  const checkMs = await checkMsPerStep(rounds * batchesPerRound * 20);
  const samples = rounds * batchesPerRound * batchSize;
  const on = samples / seconds.on;
  const off = samples / seconds.off;
  return {
    divergence_check_on_samples_per_s: on,
    divergence_check_off_samples_per_s: off,
    divergence_check_on_vs_off_ratio: on / off,
    divergence_check_ms_per_step: checkMs,
    divergence_check_batches_per_round: batchesPerRound,
    divergence_check_rounds: rounds,
  };
}

/**
 * The detector alone on a scalar loss, read every step, against reading the loss alone: the
 * difference per step, free of the training step's own noise.
 */
async function checkMsPerStep(steps: number): Promise<number> {
  const loss = tf.scalar(0.5);
  const ms = { on: 0, off: 0 };
  for (const check of ['on', 'off', 'on', 'off'] as const) {
    const detector = new DivergenceDetector(check === 'on');
    const start = performance.now();
    for (let step = 1; step <= steps; step++) {
      detector.observe(loss, step);
      await detector.read(loss);
    }
    ms[check] += performance.now() - start;
    detector.dispose();
  }
  loss.dispose();
  return (ms.on - ms.off) / (2 * steps);
}
