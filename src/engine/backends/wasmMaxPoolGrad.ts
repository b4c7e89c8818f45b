import * as tf from '@tensorflow/tfjs';
import { type SimdKernels, simdKernelsOf } from './simd/simdKernels';
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
    const x = heap.typedArrayFromHeap(input) as Float32Array;
    const dys = heap.typedArrayFromHeap(dy) as Float32Array;
    const dx = heap.typedArrayFromHeap(out) as Float32Array;
    const simd = windowsTile(info) ? simdKernelsOf(args.backend as tf.KernelBackend) : undefined;
    if (simd === undefined) {
      maxPoolGrad(x, dys, dx, info);
    } else {
      simdMaxPoolGrad(simd, x, dys, dx, info);
    }
    return out;
  });
}

/** Windows that do not overlap (stride = size, no dilation) over channels in 4s. */
function windowsTile(info: tf.backend_util.Conv2DInfo): boolean {
  return (
    info.strideHeight === info.filterHeight &&
    info.strideWidth === info.filterWidth &&
    info.dilationHeight === 1 &&
    info.dilationWidth === 1 &&
    info.inChannels % 4 === 0
  );
}

/**
 * The SIMD module writes each window's pixels once (dy at the first maximum, else 0), so dx
 * needs zeroing only where no window reaches (rows or columns left over by 'valid' pooling).
 */
function simdMaxPoolGrad(
  simd: SimdKernels,
  x: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  info: tf.backend_util.Conv2DInfo,
): void {
  const { batchSize, inHeight, inWidth, inChannels: channels } = info;
  const { outHeight, outWidth, strideHeight, strideWidth } = info;
  const { top, left } = info.padInfo;
  if (outHeight * strideHeight - top < inHeight || outWidth * strideWidth - left < inWidth) {
    dx.fill(0);
  }
  const pixelBytes = 4 * channels;
  const rowBytes = inWidth * pixelBytes;
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      const h0 = Math.max(oh * strideHeight - top, 0);
      const rows = Math.min(oh * strideHeight - top + strideHeight, inHeight) - h0;
      for (let ow = 0; ow < outWidth; ow++) {
        const w0 = Math.max(ow * strideWidth - left, 0);
        const cols = Math.min(ow * strideWidth - left + strideWidth, inWidth) - w0;
        if (rows <= 0 || cols <= 0) continue;
        const at = (b * inHeight + h0) * rowBytes + w0 * pixelBytes;
        const dyAt = dy.byteOffset + ((b * outHeight + oh) * outWidth + ow) * pixelBytes;
        simd.maxPoolGradWindow(
          x.byteOffset + at,
          dyAt,
          dx.byteOffset + at,
          rows,
          cols,
          rowBytes,
          channels,
        );
      }
    }
  }
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
