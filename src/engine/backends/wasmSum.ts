import * as tf from '@tensorflow/tfjs';
import { type SimdKernels, simdKernelsOf } from './simd/simdKernels';
import { overrideWasmKernel, type WasmHeap } from './wasmKernelUtil';

/**
 * A bias gradient sums over every axis but the last (batch, height, width), and batch
 * normalization takes the mean over them. tfjs-backend-wasm transposes the input so the reduced
 * axes come last, then reduces: 38 ms for the lab CNN's conv output at batch 128. Adding rows
 * into one accumulator on the wasm heap reads the input once, in order (with the SIMD module,
 * blocks of rows summed in float32 and added up in float64); the mean divides that sum. Other
 * reductions keep the shipped kernels.
 */
export function wrapWasmSum(): void {
  wrapLeadingAxesReduction('Sum', false);
  wrapLeadingAxesReduction('Mean', true);
}

function wrapLeadingAxesReduction(kernelName: string, mean: boolean): void {
  overrideWasmKernel(kernelName, (original) => (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
    const rank = x.shape.length;
    const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
    const leading = rank >= 2 && axes.length === rank - 1 && axes.every((a, i) => a === i);
    if (x.dtype !== 'float32' || !leading) return original(args);
    const channels = x.shape[rank - 1];
    const heap = args.backend as unknown as WasmHeap;
    const out = heap.makeOutput(
      keepDims ? [...axes.map(() => 1), channels] : [channels],
      'float32',
    );
    // The mean divides the float64 sums, rounding once.
    const divisor = mean ? tf.util.sizeFromShape(x.shape) / channels : 1;
    const simd = channels % 16 === 0 ? simdKernelsOf(args.backend as tf.KernelBackend) : undefined;
    if (simd === undefined) {
      sumRows(
        heap.typedArrayFromHeap(x) as Float32Array,
        channels,
        heap.typedArrayFromHeap(out) as Float32Array,
        divisor,
      );
    } else {
      simdSumRows(simd, heap, x, channels, out, divisor);
    }
    return out;
  });
}

/** Rows per float32 partial sum: keeps its rounding error near 1e-5 of the magnitudes. */
const BLOCK_ROWS = 256;

function simdSumRows(
  simd: SimdKernels,
  heap: WasmHeap,
  x: tf.TensorInfo,
  channels: number,
  out: tf.TensorInfo,
  divisor: number,
): void {
  const block = heap.makeOutput([channels], 'float32');
  try {
    const xs = heap.typedArrayFromHeap(x) as Float32Array;
    const partial = heap.typedArrayFromHeap(block) as Float32Array;
    const rows = xs.length / channels;
    const acc = new Float64Array(channels);
    for (let row = 0; row < rows; row += BLOCK_ROWS) {
      const at = xs.byteOffset + 4 * row * channels;
      simd.sumRows(at, partial.byteOffset, Math.min(BLOCK_ROWS, rows - row), channels);
      for (let c = 0; c < channels; c++) acc[c] += partial[c] ?? 0;
    }
    (heap.typedArrayFromHeap(out) as Float32Array).set(acc.map((sum) => sum / divisor));
  } finally {
    (heap as unknown as tf.KernelBackend).disposeData(block.dataId);
  }
}

function sumRows(x: Float32Array, channels: number, out: Float32Array, divisor: number): void {
  const acc = new Float64Array(channels);
  for (let row = 0; row < x.length; row += channels) {
    for (let c = 0; c < channels; c++) acc[c] += x[row + c];
  }
  out.set(acc.map((sum) => sum / divisor));
}
