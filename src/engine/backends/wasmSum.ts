import * as tf from '@tensorflow/tfjs';
import { overrideWasmKernel, type WasmHeap } from './wasmKernelUtil';

const KERNEL_NAME = 'Sum';

/**
 * A bias gradient sums over every axis but the last (batch, height, width). tfjs-backend-wasm
 * transposes the input so the reduced axes come last, then sums: 38 ms for the lab CNN's conv
 * output at batch 128. Adding rows into one accumulator on the wasm heap reads the input once,
 * in order. Other reductions keep the shipped kernel.
 */
export function wrapWasmSum(): void {
  overrideWasmKernel(KERNEL_NAME, (original) => (args) => {
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
    sumRows(
      heap.typedArrayFromHeap(x) as Float32Array,
      channels,
      heap.typedArrayFromHeap(out) as Float32Array,
    );
    return out;
  });
}

function sumRows(x: Float32Array, channels: number, out: Float32Array): void {
  const acc = new Float64Array(channels);
  for (let row = 0; row < x.length; row += channels) {
    for (let c = 0; c < channels; c++) acc[c] += x[row + c];
  }
  out.set(acc);
}
