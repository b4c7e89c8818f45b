import type * as tf from '@tensorflow/tfjs';
import { SIMD_FILTER_GRAD_MAX_THREADS } from './simd/simdFilterGrad';
import { atbChunk, simdKernelsOf } from './simd/simdKernels';
import { overrideWasmKernel, single, type WasmHeap, wasmKernel } from './wasmKernelUtil';

const KERNEL_NAME = 'BatchMatMul';

/**
 * tfjs-backend-wasm's BatchMatMul is 15-50x slower with transposeA/transposeB than without
 * (measured here: x^T@dy 475 ms against 31 ms for transpose + matmul), and the gradients of every
 * dense layer ask for exactly those. Transpose explicitly with the wasm Transpose kernel, then
 * multiply untransposed. A single aᵀ·b (a dense layer's weight gradient) whose sizes suit the
 * SIMD module runs there instead, without the transpose. A batch of several pairs (attention's
 * products) goes one pair at a time: the shipped kernel multiplies one pair on XNNPACK but a
 * batch in a plain loop, many times slower.
 */
export function wrapWasmBatchMatMul(): void {
  overrideWasmKernel(KERNEL_NAME, (original) => (args) => {
    const { inputs, backend, attrs } = args;
    const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
    if (!transposeA && !transposeB) {
      return pairByPair(original, inputs.a as tf.TensorInfo, inputs.b as tf.TensorInfo, args);
    }
    if (transposeA && !transposeB) {
      const simd = simdAtb(inputs.a as tf.TensorInfo, inputs.b as tf.TensorInfo, backend);
      if (simd !== undefined) return simd;
    }
    const transpose = wasmKernel('Transpose', KERNEL_NAME);
    const swapLast = (t: tf.TensorInfo) => {
      const perm = t.shape.map((_, i) => i);
      const n = perm.length;
      [perm[n - 2], perm[n - 1]] = [perm[n - 1], perm[n - 2]];
      return single(transpose({ inputs: { x: t }, backend, attrs: { perm } }), KERNEL_NAME);
    };
    const a = transposeA ? swapLast(inputs.a as tf.TensorInfo) : (inputs.a as tf.TensorInfo);
    const b = transposeB ? swapLast(inputs.b as tf.TensorInfo) : (inputs.b as tf.TensorInfo);
    try {
      return pairByPair(original, a, b, args);
    } finally {
      const kernelBackend = backend as tf.KernelBackend;
      if (transposeA) kernelBackend.disposeData(a.dataId);
      if (transposeB) kernelBackend.disposeData(b.dataId);
    }
  });
}

/** a·b (neither transposed), pair by pair when a and b hold the same number (> 1) of matrices. */
function pairByPair(
  original: tf.KernelFunc,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  args: Parameters<tf.KernelFunc>[0],
): tf.TensorInfo | tf.TensorInfo[] {
  const { backend } = args;
  const attrs = { ...args.attrs, transposeA: false, transposeB: false };
  const [batch, m] = a.shape;
  const [batchB, , n] = b.shape;
  const pairs =
    a.shape.length === 3 &&
    b.shape.length === 3 &&
    batch === batchB &&
    batch > 1 &&
    a.dtype === 'float32' &&
    b.dtype === 'float32';
  if (!pairs) return original({ inputs: { a, b }, backend, attrs });
  const heap = backend as WasmHeap;
  const kernelBackend = backend as tf.KernelBackend;
  // Copies on the heap: the shipped Slice kernel costs more than the product.
  const pick = (x: tf.TensorInfo, i: number) => {
    const size = x.shape[1] * x.shape[2];
    const copy = heap.makeOutput([1, x.shape[1], x.shape[2]], 'float32');
    const from = heap.typedArrayFromHeap(x) as Float32Array;
    (heap.typedArrayFromHeap(copy) as Float32Array).set(from.subarray(i * size, (i + 1) * size));
    return copy;
  };
  const out = heap.makeOutput([batch, m, n], 'float32');
  for (let i = 0; i < batch; i++) {
    const ai = pick(a, i);
    const bi = pick(b, i);
    const product = single(original({ inputs: { a: ai, b: bi }, backend, attrs }), KERNEL_NAME);
    // Views of the heap are taken after every allocation, which may have grown it.
    (heap.typedArrayFromHeap(out) as Float32Array).set(
      heap.typedArrayFromHeap(product) as Float32Array,
      i * m * n,
    );
    for (const t of [ai, bi, product]) kernelBackend.disposeData(t.dataId);
  }
  return out;
}

/** aᵀ·b for one matrix pair on the SIMD module, as the filter gradient uses it; else undefined. */
function simdAtb(a: tf.TensorInfo, b: tf.TensorInfo, backend: object): tf.TensorInfo | undefined {
  const [batchA, rows, m] = a.shape;
  const [batchB, rowsB, n] = b.shape;
  if (
    a.dtype !== 'float32' ||
    b.dtype !== 'float32' ||
    batchA !== 1 ||
    batchB !== 1 ||
    rows !== rowsB ||
    m === undefined ||
    n === undefined ||
    m % 4 !== 0 ||
    n % 8 !== 0
  ) {
    return undefined;
  }
  const simd = simdKernelsOf(backend as tf.KernelBackend, SIMD_FILTER_GRAD_MAX_THREADS);
  if (simd === undefined || rows === undefined) return undefined;
  const heap = backend as WasmHeap;
  const out = heap.makeOutput([1, m, n], 'float32');
  const outs = heap.typedArrayFromHeap(out) as Float32Array;
  outs.fill(0);
  const offset = (t: tf.TensorInfo) => heap.typedArrayFromHeap(t).byteOffset;
  simd.atb(offset(a), offset(b), outs.byteOffset, rows, m, n, atbChunk(m, n));
  return out;
}
