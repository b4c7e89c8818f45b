import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './initBackend';

describe('wasm Identity', () => {
  beforeAll(() => initBackend('wasm'));

  it('shares its input’s buffer, which lives until both tensors are disposed', async () => {
    await tf.setBackend('wasm');
    const backend = tf.engine().backend;
    const before = backend.numDataIds();
    const x = tf.tensor([1, 2, 3, 4], [2, 2]);
    const y = tf.clone(x); // the Identity kernel
    expect(backend.numDataIds()).toBe(before + 1);
    x.dispose();
    expect(Array.from(await y.data())).toEqual([1, 2, 3, 4]);
    y.dispose();
    expect(backend.numDataIds()).toBe(before);
  });
});
