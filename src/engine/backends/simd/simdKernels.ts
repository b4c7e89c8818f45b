import type * as tf from '@tensorflow/tfjs';
import {
  SIMD_KERNELS_SHARED_MEMORY,
  SIMD_KERNELS_SHARED_MEMORY_FUSED,
  SIMD_KERNELS_UNSHARED_MEMORY,
  SIMD_KERNELS_UNSHARED_MEMORY_FUSED,
} from './simdKernelsWasm';

/** simdKernels.wat's exports. Pointers are byte offsets on the wasm backend's heap. */
export interface SimdKernels {
  /** Whether this is the build whose products use fused multiply-adds (relaxed SIMD). */
  fused: boolean;
  /** out[i][j] += sum_p a[p][i]·b[p][j]; m a multiple of 4, n of 8. */
  atb(a: number, b: number, out: number, rows: number, m: number, n: number, chunk: number): void;
  /** out[p][j] += sum_k a[p][k]·b[k][j], a's rows aStride floats apart; rows a multiple of 4, n of 8. */
  ab(
    a: number,
    aStride: number,
    b: number,
    out: number,
    rows: number,
    depth: number,
    n: number,
  ): void;
  /** out[j] = sum_p b[p][j]; n a multiple of 16. */
  sumRows(b: number, out: number, rows: number, n: number): void;
  /** One non-overlapping window of MaxPoolGrad; see simdKernels.wat. */
  maxPoolGradWindow(
    x: number,
    dy: number,
    dx: number,
    rows: number,
    cols: number,
    rowBytes: number,
    channels: number,
  ): void;
}

/** Rows per pass of atb: a pass's rows of b and the a columns of one tile row fit a 32 KB L1. */
export function atbChunk(m: number, n: number): number {
  return Math.max(1, Math.floor((28 * 1024) / (4 * (n + Math.min(m, 64)))));
}

/** The parts of tfjs-backend-wasm's Emscripten module read here. */
interface EmscriptenModule {
  wasmMemory?: WebAssembly.Memory; // threaded build: a shared memory made in JS
  asm?: { memory?: WebAssembly.Memory }; // single-threaded build: exported by the module
  tfjs?: { getThreadsCount?(): number }; // the size of XNNPACK's thread pool
}

// One instance per backend memory; null where this runtime cannot run the module.
const instances = new WeakMap<WebAssembly.Memory, SimdKernels | null>();

/**
 * simdKernels.wat instantiated on the wasm backend's own memory, so that it reads and writes
 * tensors in place; undefined where the backend's memory cannot be found, the runtime lacks
 * wasm SIMD, or the backend runs more than `maxThreads` threads (the module runs on one, so
 * kernels that XNNPACK spreads over a pool use it only up to the thread count measured to
 * favour it). The callers then take their other path.
 */
export function simdKernelsOf(
  backend: tf.KernelBackend,
  maxThreads = Number.POSITIVE_INFINITY,
): SimdKernels | undefined {
  const module = (backend as unknown as { wasm?: EmscriptenModule }).wasm;
  const memory = module?.wasmMemory ?? module?.asm?.memory;
  if (memory === undefined || (module?.tfjs?.getThreadsCount?.() ?? 1) > maxThreads) {
    return undefined;
  }
  let instance = instances.get(memory);
  if (instance === undefined) {
    instance = instantiateSimdKernels(memory);
    instances.set(memory, instance);
  }
  return instance ?? undefined;
}

/**
 * The module for this memory: the build with fused multiply-adds (relaxed SIMD: Chrome 114+,
 * Node 22+, or Node 20 with --experimental-wasm-relaxed-simd) where the runtime accepts it,
 * else plain SIMD; null where it accepts neither.
 */
export function instantiateSimdKernels(
  memory: WebAssembly.Memory,
  options: { fused: boolean } = { fused: true },
): SimdKernels | null {
  const shared =
    typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const candidates = shared
    ? [SIMD_KERNELS_SHARED_MEMORY_FUSED, SIMD_KERNELS_SHARED_MEMORY]
    : [SIMD_KERNELS_UNSHARED_MEMORY_FUSED, SIMD_KERNELS_UNSHARED_MEMORY];
  for (const base64 of options.fused ? candidates : candidates.slice(1)) {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    if (!WebAssembly.validate(bytes)) continue;
    // Synchronous: kernels are synchronous, and the module is small enough for any runtime.
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    const fused = base64 === candidates[0];
    return { ...(instance.exports as unknown as Omit<SimdKernels, 'fused'>), fused };
  }
  return null;
}
