import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { newRunConfig } from '../engine/config';
import { createDataModule } from '../engine/data/registry';
import { defaultDatasets } from '../testing/experimentHarness';
import { useWasmBackend } from '../testing/wasmBackend';
import { modelStepper } from './modelStepper';

beforeAll(useWasmBackend);

describe('modelStepper', () => {
  it('trains the run model on random input of its shape and frees every tensor', async () => {
    const before = tf.memory().numTensors;
    const config = newRunConfig({
      model_class: 'CNN',
      conv_dim: '2',
      fc_dim: '8',
      batch_size: '8',
    });
    const data = { inputDims: [28, 28, 1], outputDims: [10], mapping: [...'0123456789'] };
    const stepper = modelStepper(config, data, 'wasm');
    await stepper.step();
    await stepper.step();
    stepper.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives a line model labels per position', async () => {
    const config = newRunConfig({
      data_class: 'EMNISTLines',
      model_class: 'LineCNNSimple',
      batch_size: '2',
      conv_dim: '2',
      fc_dim: '8',
    });
    const module = createDataModule(config.data_class, defaultDatasets(), config);
    const data = module.config();
    module.dispose();
    expect(data.outputDims).toHaveLength(2);
    const stepper = modelStepper(config, data, 'wasm');
    await expect(stepper.step()).resolves.toBeUndefined();
    stepper.dispose();
  });
});
