import type * as tf from '@tensorflow/tfjs';
import type { WasmHeap } from '../wasmKernelUtil';
import { SIMD_FILTER_GRAD_MAX_THREADS } from './simdFilterGrad';
import { atbChunk, simdKernelsOf } from './simdKernels';

/** Patch values per position up to which patches are written out (a CNN's first layer: 9). */
const MAX_PATCH = 64;

/** Whether simdPatchFilterGrad takes this convolution (else it returns undefined). */
export function simdPatchFilterGradApplies(info: tf.backend_util.Conv2DInfo): boolean {
  return (
    info.filterHeight * info.filterWidth * info.inChannels <= MAX_PATCH &&
    info.outChannels % 8 === 0
  );
}

/**
 * The filter gradient of a convolution with few input channels as one SIMD product over explicit
 * patches: P[(b,i,j)][(fh,fw,ci)] holds the input pixel each filter tap reads (0 in the
 * padding), padded with zero columns to a multiple of 4, and dW = Pᵀ·dy. Any stride, dilation
 * and padding. Patches are written row by row, which JS does fast (the lab CNN's first layer:
 * 9 values for each of 100,352 positions at batch 128).
 */
export function simdPatchFilterGrad(
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  backend: tf.KernelBackend,
): tf.TensorInfo | undefined {
  if (!simdPatchFilterGradApplies(info) || x.dtype !== 'float32' || dy.dtype !== 'float32') {
    return undefined;
  }
  const simd = simdKernelsOf(backend, SIMD_FILTER_GRAD_MAX_THREADS);
  if (simd === undefined) return undefined;
  const heap = backend as unknown as WasmHeap;
  const { batchSize, inHeight, inWidth, inChannels, outChannels } = info;
  const { outHeight, outWidth, strideHeight, strideWidth } = info;
  const { filterHeight, filterWidth, dilationHeight, dilationWidth } = info;
  const { top, left } = info.padInfo;
  const taps = filterHeight * filterWidth * inChannels;
  const width = Math.ceil(taps / 4) * 4;
  const positions = batchSize * outHeight * outWidth;
  const patches = heap.makeOutput([positions * width], 'float32');
  const product = heap.makeOutput([width * outChannels], 'float32');
  const dw = heap.makeOutput([filterHeight, filterWidth, inChannels, outChannels], 'float32');
  try {
    const xs = heap.typedArrayFromHeap(x) as Float32Array;
    const p = heap.typedArrayFromHeap(patches) as Float32Array;
    p.fill(0);
    let row = 0;
    for (let b = 0; b < batchSize; b++) {
      for (let i = 0; i < outHeight; i++) {
        for (let j = 0; j < outWidth; j++, row += width) {
          let at = row;
          for (let fh = 0; fh < filterHeight; fh++) {
            const h = i * strideHeight - top + fh * dilationHeight;
            const inRow = h >= 0 && h < inHeight;
            for (let fw = 0; fw < filterWidth; fw++, at += inChannels) {
              const w = j * strideWidth - left + fw * dilationWidth;
              if (!inRow || w < 0 || w >= inWidth) continue;
              const from = ((b * inHeight + h) * inWidth + w) * inChannels;
              for (let c = 0; c < inChannels; c++) p[at + c] = xs[from + c] ?? 0;
            }
          }
        }
      }
    }
    const out = heap.typedArrayFromHeap(product) as Float32Array;
    out.fill(0);
    const dys = heap.typedArrayFromHeap(dy);
    simd.atb(
      p.byteOffset,
      dys.byteOffset,
      out.byteOffset,
      positions,
      width,
      outChannels,
      atbChunk(width, outChannels),
    );
    // The first `taps` rows of the product are dW in [fh, fw, ci, co] order.
    (heap.typedArrayFromHeap(dw) as Float32Array).set(out.subarray(0, taps * outChannels));
    return dw;
  } catch (error) {
    backend.disposeData(dw.dataId);
    throw error;
  } finally {
    backend.disposeData(patches.dataId);
    backend.disposeData(product.dataId);
  }
}
