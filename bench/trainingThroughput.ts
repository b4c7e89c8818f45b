import * as tf from '@tensorflow/tfjs';
import type { DataModule } from '../src/engine/data/types';
import { LitModel } from '../src/engine/lit/litModel';
import { buildCNN } from '../src/engine/models/cnn';
import { labCnn } from './labCnn';
import { timedTrainerEpoch } from './timedTrainerEpoch';

export interface ThroughputResult {
  engine_trainer_samples_per_s: number;
  bare_train_on_batch_samples_per_s: number;
  trainer_vs_bare_ratio: number;
  batches_per_round: number;
  rounds: number;
}

/**
 * The engine's Trainer against a bare `model.trainOnBatch` loop: same backend, architecture,
 * batches and optimizer, alternated round by round so machine noise hits both alike.
 */
export async function measureTrainingThroughput(
  data: DataModule,
  batchSize: number,
  batchesPerRound: number,
  rounds: number,
): Promise<ThroughputResult> {
  await data.setup();
  const config = data.config();
  const module = new LitModel(buildCNN(config, labCnn, 1), {
    optimizer: 'adam',
    lr: 1e-3,
    oneCycleTotalSteps: 100,
  });
  const bare = buildCNN(config, labCnn, 1);
  const classes = config.outputDims[0];
  bare.compile({
    optimizer: tf.train.adam(1e-3),
    loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred),
  });

  let trainerSeconds = 0;
  let trainerSamples = 0;
  const trainerEpoch = async (limitBatches: number) => {
    trainerSeconds += await timedTrainerEpoch(module, data, batchSize, limitBatches);
    trainerSamples += limitBatches * batchSize;
  };

  let bareSeconds = 0;
  let bareSamples = 0;
  const bareLoop = async (limitBatches: number) => {
    const start = performance.now();
    for (const batch of data.batches('train', { batchSize, limitBatches, shuffleSeed: 1 })) {
      const y = tf.oneHot(batch.y, classes);
      await bare.trainOnBatch(batch.x, y);
      tf.dispose([batch.x, batch.y, y]);
      bareSamples += batch.size;
    }
    bareSeconds += (performance.now() - start) / 1000;
  };

  // Warm-up: kernel setup and first-call costs, not counted.
  await trainerEpoch(2);
  await bareLoop(2);
  trainerSeconds = trainerSamples = bareSeconds = bareSamples = 0;
  for (let round = 0; round < rounds; round++) {
    await trainerEpoch(batchesPerRound);
    await bareLoop(batchesPerRound);
  }
  module.dispose();
  bare.dispose();
  const engine = trainerSamples / trainerSeconds;
  const bareRate = bareSamples / bareSeconds;
  return {
    engine_trainer_samples_per_s: engine,
    bare_train_on_batch_samples_per_s: bareRate,
    trainer_vs_bare_ratio: engine / bareRate,
    batches_per_round: batchesPerRound,
    rounds,
  };
}
