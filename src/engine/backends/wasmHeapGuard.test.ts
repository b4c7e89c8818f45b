import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmBackend } from '../../testing/wasmBackend';
import { WASM32_HEAP_MAX_BYTES } from './backendLimits';
import { WasmHeapError } from './wasmHeapGuard';
import type { WasmHeap } from './wasmKernelUtil';

beforeAll(useWasmBackend);

// Before the guard, tfjs took _malloc's 0 (heap exhausted) or a byte count wrapped to 32 bits
// as a tensor's address: kernels then wrote over the heap's own data and trapped later with
// "memory access out of bounds" or "null function or function signature mismatch".
describe('tensor allocations on the wasm heap', () => {
  it('refuses a tensor of 4 GiB or more instead of allocating its size modulo 2^32', () => {
    // 2^30 + 2 floats: 4 GiB + 8 bytes, which a 32-bit size would make 8.
    expect(() => tf.zeros([2 ** 30 + 2])).toThrow(WasmHeapError);
    expect(() => tf.zeros([2 ** 30 + 2])).toThrow(/4294967304 bytes .*\[1073741826\]/);
  });

  it('refuses an allocation once the heap cannot grow, and keeps working afterwards', () => {
    const backend = tf.engine().findBackend('wasm') as tf.KernelBackend;
    const heap = backend as unknown as WasmHeap;
    const held: tf.TensorInfo[] = [];
    // 1 GiB buffers, never written, so the pages stay untouched: the 4th or 5th cannot fit.
    const gib = 2 ** 28;
    let error: unknown;
    try {
      for (let i = 0; i < 5; i++) held.push(heap.makeOutput([gib], 'float32'));
    } catch (e) {
      error = e;
    } finally {
      for (const t of held) backend.disposeData(t.dataId);
    }
    expect(error).toBeInstanceOf(WasmHeapError);
    expect(held.length).toBeLessThan(5);
    expect((error as WasmHeapError).limitBytes).toBe(WASM32_HEAP_MAX_BYTES);
    expect((error as Error).message).toMatch(/1073741824 bytes .*\[268435456\].*batch/);
    // The failed allocation left the heap usable: a small op still computes.
    expect(Array.from(tf.add(tf.tensor1d([1, 2]), 1).dataSync())).toEqual([2, 3]);
  });
});
