import * as tf from '@tensorflow/tfjs';
import { memoryLimitsOf } from '../src/engine/backends/backendLimits';
import type { GlyphSource } from '../src/engine/data/dataFlags';
import { EMNISTLinesDataModule } from '../src/engine/data/emnistLinesDataModule';
import type { DataModule, DatasetSource } from '../src/engine/data/types';
import { classFlagDefaults } from '../src/engine/flagSpec';
import { disposeStep } from '../src/engine/lit/epochSums';
import { LitModel } from '../src/engine/lit/litModel';
import { stepMemoryModel } from '../src/engine/lit/memoryEstimate';
import { planMicroBatches } from '../src/engine/lit/microBatchPlan';
import { lineCnnFlags } from '../src/engine/models/modelFlags';
import { modelClass } from '../src/engine/models/registry';
import { labCnn } from './labCnn';
import { seconds } from './timing';

const BATCH = 128;

/** Trains `batches` steps of `lit` (batch 128 unless told), reading each loss back; returns seconds. */
export function trainSteps(
  lit: LitModel,
  data: DataModule,
  batches: number,
  step0: number,
  batchSize = BATCH,
) {
  return seconds(async () => {
    let step = step0;
    for (const batch of data.batches('train', { batchSize, limitBatches: batches })) {
      const result = lit.trainingStep(batch, step++, 1);
      await result.loss.data();
      tf.dispose([batch.x, batch.y]);
      disposeStep(result);
    }
  });
}

export interface MicroBatchCost {
  cnn_full_batch_samples_per_s: number;
  cnn_micro_batches_of_32_samples_per_s: number;
  /** Micro-batched over full-batch samples/s: what accumulating gradients costs. */
  cnn_micro_vs_full_batch_ratio: number;
}

/** The lab CNN at batch 128, whole and in 4 micro-batches of 32, alternated round by round. */
export async function measureMicroBatchCost(
  data: DataModule,
  batches: number,
  rounds: number,
): Promise<MicroBatchCost> {
  await data.setup();
  const lit = (microBatchSize?: number) =>
    new LitModel(modelClass('CNN').build(data.config(), { ...labCnn }, 1), {
      optimizer: 'adam',
      lr: 1e-3,
      oneCycleTotalSteps: 100,
      microBatchSize,
    });
  const [full, micro] = [lit(), lit(32)];
  // Warm-up: kernel setup and first-call costs, not counted.
  await trainSteps(full, data, 1, 0);
  await trainSteps(micro, data, 1, 0);
  let [fullSeconds, microSeconds] = [0, 0];
  for (let round = 0; round < rounds; round++) {
    fullSeconds += await trainSteps(full, data, batches, 1 + round * batches);
    microSeconds += await trainSteps(micro, data, batches, 1 + round * batches);
  }
  full.dispose();
  micro.dispose();
  const samples = rounds * batches * BATCH;
  return {
    cnn_full_batch_samples_per_s: samples / fullSeconds,
    cnn_micro_batches_of_32_samples_per_s: samples / microSeconds,
    cnn_micro_vs_full_batch_ratio: fullSeconds / microSeconds,
  };
}

export interface LineCnnThroughput {
  /** The lab's LineCNN with CTC at batch 128 on wasm, in the micro-batches a run would use. */
  line_cnn_ctc_batch_128_samples_per_s: number;
  line_cnn_ctc_batch_128_micro_batch_size: number;
}

export async function measureLineCnnThroughput(
  source: DatasetSource,
  glyphSource: GlyphSource,
  batches: number,
): Promise<LineCnnThroughput> {
  const data = new EMNISTLinesDataModule(source, {
    glyphSource,
    numTrain: BATCH * (batches + 1),
    numVal: 1,
    numTest: 1,
  });
  await data.setup();
  const config = data.config();
  const args = classFlagDefaults(lineCnnFlags);
  const model = modelClass('LineCNN');
  const plan = planMicroBatches(
    stepMemoryModel(config.inputDims, model.nodes(config, args, 1), 'adam'),
    BATCH,
    memoryLimitsOf('wasm'),
  );
  const lit = new LitModel(model.build(config, args, 1), {
    optimizer: 'adam',
    lr: 1e-3,
    oneCycleTotalSteps: 100,
    loss: 'ctc',
    microBatchSize: plan.microBatchSize,
  });
  await trainSteps(lit, data, 1, 0);
  const training = await trainSteps(lit, data, batches, 1);
  lit.dispose();
  data.dispose();
  return {
    line_cnn_ctc_batch_128_samples_per_s: (batches * BATCH) / training,
    line_cnn_ctc_batch_128_micro_batch_size: plan.microBatchSize,
  };
}
