import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backends/initBackend';
import { simdKernelsOf } from '../engine/backends/simd/simdKernels';
import { initWasmWithThreads } from './wasmThreads';

// Vitest runs each test file in its own process, so this file's wasm backend is the threaded one.

/** dW and dx of sum(relu(conv2d(x, w)) * r) on the current backend, read back to the host. */
async function convGradients(x: number[], w: number[], r: number[]) {
  const xs = tf.tensor4d(x, [8, 12, 12, 16]);
  const ws = tf.tensor4d(w, [3, 3, 16, 32]);
  const rs = tf.tensor4d(r, [8, 12, 12, 32]);
  const f = (a: tf.Tensor, b: tf.Tensor) =>
    tf
      .relu(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same'))
      .mul(rs)
      .sum();
  const [dx, dw] = tf.grads(f)([xs, ws]);
  const out = { dx: await dx.data(), dw: await dw.data() };
  tf.dispose([xs, ws, rs, dx, dw]);
  return out;
}

function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return diff / scale;
}

describe('wasm with threads in Node', () => {
  beforeAll(async () => {
    await initWasmWithThreads(2);
  });

  it('runs an XNNPACK pool of the requested size, even on a 2-core machine', async () => {
    expect(getThreadsCount()).toBe(2);
    const info = await initBackend('wasm');
    expect(info.description).toMatch(/2 threads, SIMD, multithreading available/);
  });

  it('runs the SIMD kernels on the shared memory of the threaded build', () => {
    const backend = tf.engine().findBackend('wasm') as unknown as {
      wasm: { wasmMemory?: unknown };
    };
    expect(backend.wasm.wasmMemory).toBeInstanceOf(WebAssembly.Memory);
    expect(simdKernelsOf(tf.engine().findBackend('wasm'), 2)).toBeDefined();
  });

  // 16 -> 32 channels: the filter gradient takes the SIMD module, on the shared memory.
  it('computes convolution gradients like the cpu backend', async () => {
    const random = (n: number, seed: number) =>
      Array.from(tf.randomNormal([n], 0, 1, 'float32', seed).dataSync());
    const x = random(8 * 12 * 12 * 16, 1);
    const w = random(3 * 3 * 16 * 32, 2);
    const r = random(8 * 12 * 12 * 32, 3);
    const threaded = await convGradients(x, w, r);
    await initBackend('cpu');
    const reference = await convGradients(x, w, r);
    await initBackend('wasm');
    expect(maxRelativeError(threaded.dw, reference.dw)).toBeLessThan(1e-4);
    expect(maxRelativeError(threaded.dx, reference.dx)).toBeLessThan(1e-4);
  });

  it('rejects a thread count that is not a whole number of at least 1', async () => {
    await expect(initWasmWithThreads(0)).rejects.toThrow(/at least 1, got 0/);
  });
});
