import * as tf from '@tensorflow/tfjs';
import { overrideWasmKernel, type WasmHeap } from './wasmKernelUtil';

const KERNEL_NAME = 'MaxPoolGrad';

/**
 * tfjs-backend-wasm's MaxPoolGrad is a plain scalar loop that took 143 ms for the lab CNN's
 * pooling layer at batch 128; this one, in JS on the wasm heap, walks each window once with the
 * channels innermost (contiguous in NHWC). Each output's gradient goes to the first maximum of
 * its window in row-major order, as on the cpu backend.
 */
export function wrapWasmMaxPoolGrad(): void {
  overrideWasmKernel(KERNEL_NAME, (original) => (args) => {
    const { dy, input } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
    if (input.dtype !== 'float32' || input.shape.length !== 4) return original(args);
    const { filterSize, strides, pad, dimRoundingMode } =
      args.attrs as unknown as tf.MaxPoolGradAttrs;
    const info = tf.backend_util.computePool2DInfo(
      input.shape as [number, number, number, number],
      filterSize,
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    const heap = args.backend as unknown as WasmHeap;
    const out = heap.makeOutput(input.shape, 'float32');
    maxPoolGrad(
      heap.typedArrayFromHeap(input) as Float32Array,
      heap.typedArrayFromHeap(dy) as Float32Array,
      heap.typedArrayFromHeap(out) as Float32Array,
      info,
    );
    return out;
  });
}

function maxPoolGrad(
  x: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  info: tf.backend_util.Conv2DInfo,
): void {
  const { batchSize, inHeight, inWidth, inChannels: channels } = info;
  const { outHeight, outWidth, strideHeight, strideWidth } = info;
  const { effectiveFilterHeight, effectiveFilterWidth, dilationHeight, dilationWidth } = info;
  const { top, left } = info.padInfo;
  const best = new Float32Array(channels);
  const bestAt = new Int32Array(channels);
  dx.fill(0);
  for (let b = 0; b < batchSize; b++) {
    const xBatch = b * inHeight * inWidth * channels;
    for (let oh = 0; oh < outHeight; oh++) {
      const h0 = oh * strideHeight - top;
      for (let ow = 0; ow < outWidth; ow++) {
        const w0 = ow * strideWidth - left;
        best.fill(Number.NEGATIVE_INFINITY);
        bestAt.fill(-1);
        for (let fh = 0; fh < effectiveFilterHeight; fh += dilationHeight) {
          const h = h0 + fh;
          if (h < 0 || h >= inHeight) continue;
          for (let fw = 0; fw < effectiveFilterWidth; fw += dilationWidth) {
            const w = w0 + fw;
            if (w < 0 || w >= inWidth) continue;
            const at = xBatch + (h * inWidth + w) * channels;
            for (let c = 0; c < channels; c++) {
              const v = x[at + c];
              if (v > best[c] || bestAt[c] < 0) {
                best[c] = v;
                bestAt[c] = at + c;
              }
            }
          }
        }
        const dyAt = ((b * outHeight + oh) * outWidth + ow) * channels;
        for (let c = 0; c < channels; c++) {
          if (bestAt[c] >= 0) dx[bestAt[c]] += dy[dyAt + c];
        }
      }
    }
  }
}
