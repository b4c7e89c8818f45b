import type * as tf from '@tensorflow/tfjs';
import { single, type WasmHeap, wasmKernel } from './wasmKernelUtil';

const KERNEL_NAME = 'Conv2DBackpropFilter';

/**
 * The filter gradient as one matrix product, for convolutions with few input channels (the
 * first layer of a CNN): dW[(kh,kw,ci), co] = P^T[(kh,kw,ci), (b,i,j)] · dy[(b,i,j), co], where P
 * holds the input patches. P^T is written straight onto the wasm heap, already transposed; it
 * is kh·kw·ci rows of b·oh·ow, small when ci is. Both operands are passed to the wasm
 * BatchMatMul as 3-d views of their buffers, and the [1, kh·kw·ci, co] product is already laid
 * out as the [kh, kw, ci, co] filter.
 */
export function im2colFilterGrad(
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  backend: tf.KernelBackend,
): tf.TensorInfo {
  const heap = backend as unknown as WasmHeap;
  const { batchSize, inHeight, inWidth, inChannels, outChannels } = info;
  const { outHeight, outWidth, strideHeight, strideWidth } = info;
  const { filterHeight, filterWidth, dilationHeight, dilationWidth } = info;
  const { top, left } = info.padInfo;
  const positions = batchSize * outHeight * outWidth;
  const rows = filterHeight * filterWidth * inChannels;
  const patchesT = heap.makeOutput([1, rows, positions], 'float32');
  try {
    const xs = heap.typedArrayFromHeap(x) as Float32Array;
    const p = heap.typedArrayFromHeap(patchesT) as Float32Array;
    let row = 0;
    for (let fh = 0; fh < filterHeight; fh++) {
      for (let fw = 0; fw < filterWidth; fw++) {
        for (let c = 0; c < inChannels; c++, row++) {
          let at = row * positions;
          for (let b = 0; b < batchSize; b++) {
            for (let i = 0; i < outHeight; i++) {
              const h = i * strideHeight - top + fh * dilationHeight;
              const inRow = h >= 0 && h < inHeight;
              const base = (b * inHeight + h) * inWidth * inChannels + c;
              for (let j = 0; j < outWidth; j++, at++) {
                const w = j * strideWidth - left + fw * dilationWidth;
                p[at] = inRow && w >= 0 && w < inWidth ? xs[base + w * inChannels] : 0;
              }
            }
          }
        }
      }
    }
    const product = single(
      wasmKernel(
        'BatchMatMul',
        KERNEL_NAME,
      )({
        inputs: { a: patchesT, b: { ...dy, shape: [1, positions, outChannels] } },
        backend,
        attrs: { transposeA: false, transposeB: false },
      }),
      KERNEL_NAME,
    );
    return { ...product, shape: [filterHeight, filterWidth, inChannels, outChannels] };
  } finally {
    backend.disposeData(patchesT.dataId);
  }
}
