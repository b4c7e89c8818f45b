/** A few steps of training for the export tests: the checkpoint, its restored module, real images. */
import type * as tf from '@tensorflow/tfjs';
import { type Checkpoint, decodeCheckpoint } from '../engine/checkpoint/format';
import { DEFAULT_DATA_CLASS, flagsFor } from '../engine/config';
import type { LitModel } from '../engine/lit/litModel';
import { createTestExperiment } from './experimentHarness';

const short = {
  max_epochs: '1',
  limit_train_batches: '3',
  limit_val_batches: '1',
  limit_test_batches: '1',
};
const lines = {
  data_class: 'EMNISTLines',
  glyph_source: 'MNIST',
  num_train: '64',
  num_val: '16',
  num_test: '256',
};

/** One small configuration per model class. */
export const MODEL_CASES: [string, Record<string, string>][] = [
  ['MLP', { model_class: 'MLP', fc1: '64', fc2: '32' }],
  ['CNN', { model_class: 'CNN', conv_dim: '4', fc_dim: '16' }],
  ['ResNet', { model_class: 'ResNet', conv_dim: '4' }],
  ['LineCNNSimple', { ...lines, model_class: 'LineCNNSimple', conv_dim: '4', fc_dim: '16' }],
  ['LineCNN', { ...lines, model_class: 'LineCNN', loss: 'ctc', conv_dim: '4', fc_dim: '16' }],
  [
    'LineCNNTransformer',
    {
      ...lines,
      model_class: 'LineCNNTransformer',
      loss: 'ctc',
      conv_dim: '2',
      tf_dim: '16',
      tf_layers: '2',
    },
  ],
];

/** `flags` with every dropout rate of its model class at 0, so two trainers take the same step. */
export function withoutDropout(flags: Record<string, string>): Record<string, string> {
  const dropouts = flagsFor(flags.data_class ?? DEFAULT_DATA_CLASS, flags.model_class)
    .filter((flag) => flag.name.endsWith('_dropout'))
    .map((flag) => [flag.name, '0']);
  return { ...flags, ...Object.fromEntries(dropouts) };
}

export interface Trained {
  checkpoint: Checkpoint;
  module: LitModel;
  /** The first `n` test examples, unshuffled. */
  testBatch(n: number): { x: tf.Tensor; y: tf.Tensor; size: number };
  dispose(): void;
}

/** Trains `flags` for three steps and restores the best checkpoint. */
export async function trainedCheckpoint(flags: Record<string, string>): Promise<Trained> {
  const { experiment, store } = createTestExperiment({ ...short, ...flags });
  const result = await experiment.run();
  const id = result.bestCheckpoint as string;
  const checkpoint = decodeCheckpoint(await store.load(id), id);
  const module = await experiment.loadCheckpoint(id);
  return {
    checkpoint,
    module,
    testBatch: (n) => {
      const [batch] = experiment.dataModule.batches('test', { batchSize: n, limitBatches: 1 });
      return batch;
    },
    dispose: () => {
      module.dispose();
      experiment.dispose();
    },
  };
}
