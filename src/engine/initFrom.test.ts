import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestExperiment } from '../testing/experimentHarness';
import { useWasmBackend } from '../testing/wasmBackend';
import { decodeCheckpoint } from './checkpoint/format';
import { restoreModel } from './checkpoint/moduleState';

const tinyCnn = {
  data_class: 'MNIST',
  model_class: 'CNN',
  conv_dim: '4',
  fc_dim: '16',
  batch_size: '32',
  limit_train_batches: '3',
  limit_val_batches: '1',
  limit_test_batches: '1',
  max_epochs: '1',
};

describe('--init_from: a new run from a checkpoint’s weights', () => {
  beforeAll(useWasmBackend);

  it('starts from those weights as epoch 0 of a new run, and refuses another shape', async () => {
    const source = createTestExperiment(tinyCnn);
    const trained = await source.experiment.run();
    source.experiment.dispose();
    const checkpoint = decodeCheckpoint(await source.store.load(trained.bestCheckpoint as string));

    const tuned = createTestExperiment({ ...tinyCnn, lr: '0.0001' }, { initFrom: checkpoint });
    const module = await tuned.experiment.buildModule();
    const original = await restoreModel(checkpoint);
    const x = tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 1);
    const a = module.predict(x);
    const b = tf.tidy(() => tf.softmax(original.predict(x) as tf.Tensor));
    expect(Array.from(await a.data())).toEqual(Array.from(await b.data()));
    tf.dispose([x, a, b]);
    original.dispose();
    module.dispose();
    expect(tuned.experiment.trainer.options.runName).not.toBe(checkpoint.meta.runName);
    tuned.experiment.dispose();

    const wider = createTestExperiment({ ...tinyCnn, conv_dim: '8' }, { initFrom: checkpoint });
    await expect(wider.experiment.buildModule()).rejects.toThrow(
      /Cannot start from the weights of run 'CNN-MNIST-.*': weight .* has shape \[3,3,1,4\], the model needs \[3,3,1,8\]\. Give the model flags it was trained with/,
    );
    wider.experiment.dispose();
  });
});
