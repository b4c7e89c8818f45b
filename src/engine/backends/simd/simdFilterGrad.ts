import type * as tf from '@tensorflow/tfjs';
import type { WasmHeap } from '../wasmKernelUtil';
import { fillPadded, type PaddedLayout, paddedFloats, paddedInputLayout } from './paddedCopy';
import { simdConvApplies } from './simdConv';
import { atbChunk, simdKernelsOf } from './simdKernels';

/**
 * On this 2-core machine the SIMD filter gradient on one thread took 210-300 ms for the lab
 * CNN's second layer at batch 128, XNNPACK's convolution path 470-510 on one thread and 380 on
 * two. With more threads XNNPACK's share shrinks and this one's does not, so it keeps those.
 */
export const SIMD_FILTER_GRAD_MAX_THREADS = 2;

/** Whether simdFilterGrad takes this convolution (else it returns undefined). */
export function simdFilterGradApplies(info: tf.backend_util.Conv2DInfo): boolean {
  return simdConvApplies(info, info.inChannels, info.outChannels);
}

/**
 * The filter gradient of a stride-1 convolution as kh·kw·batch products on the SIMD module,
 * without patches. x is copied once into a zero-padded buffer xp of row width wp (the padded
 * input's width), and dy into a buffer of the same row width whose extra columns are zero. For
 * filter offset (fh, fw), output position (i, j) reads xp[i+fh][j+fw], which is xp's flat pixel
 * index i·wp + j + (fh·wp + fw): one image's gradient is then a product over the oh·wp flat
 * positions of dy and the same number of xp pixels from offset fh·wp + fw,
 *
 *   dW[fh,fw] += xp[offset .. offset + oh·wp)ᵀ · dy_padded[0 .. oh·wp)
 *
 * where positions in the padding columns of dy contribute zero. The pixels read past a row's
 * end belong to the next row (or, for the last image, to spare zero pixels).
 */
export function simdFilterGrad(
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  backend: tf.KernelBackend,
): tf.TensorInfo | undefined {
  if (!simdFilterGradApplies(info) || x.dtype !== 'float32' || dy.dtype !== 'float32') {
    return undefined;
  }
  const simd = simdKernelsOf(backend, SIMD_FILTER_GRAD_MAX_THREADS);
  if (simd === undefined) return undefined;
  const heap = backend as unknown as WasmHeap;
  const { batchSize, inChannels, outChannels } = info;
  const { outHeight, filterHeight, filterWidth } = info;
  const xLayout = paddedInputLayout(info);
  const width = xLayout.width;
  const dyLayout: PaddedLayout = { height: outHeight, width, top: 0, left: 0, spare: 0 };
  const positions = outHeight * width;

  const xPadded = heap.makeOutput([paddedFloats(batchSize, inChannels, xLayout)], 'float32');
  const dyPadded = heap.makeOutput([paddedFloats(batchSize, outChannels, dyLayout)], 'float32');
  const dw = heap.makeOutput([filterHeight, filterWidth, inChannels, outChannels], 'float32');
  try {
    // Views only after every allocation: an allocation may grow (and detach) the heap.
    const xp = heap.typedArrayFromHeap(xPadded) as Float32Array;
    const dyp = heap.typedArrayFromHeap(dyPadded) as Float32Array;
    const dws = heap.typedArrayFromHeap(dw) as Float32Array;
    fillPadded(xp, heap.typedArrayFromHeap(x) as Float32Array, x.shape, xLayout);
    fillPadded(dyp, heap.typedArrayFromHeap(dy) as Float32Array, dy.shape, dyLayout);
    dws.fill(0);
    const chunk = atbChunk(inChannels, outChannels);
    const filterBytes = 4 * inChannels * outChannels;
    for (let b = 0; b < batchSize; b++) {
      const dyAt = dyp.byteOffset + 4 * b * positions * outChannels;
      const imageAt = b * xLayout.height * width;
      for (let fh = 0; fh < filterHeight; fh++) {
        for (let fw = 0; fw < filterWidth; fw++) {
          const xAt = xp.byteOffset + 4 * (imageAt + fh * width + fw) * inChannels;
          const dwAt = dws.byteOffset + (fh * filterWidth + fw) * filterBytes;
          simd.atb(xAt, dyAt, dwAt, positions, inChannels, outChannels, chunk);
        }
      }
    }
    return dw;
  } catch (error) {
    backend.disposeData(dw.dataId);
    throw error;
  } finally {
    backend.disposeData(xPadded.dataId);
    backend.disposeData(dyPadded.dataId);
  }
}
