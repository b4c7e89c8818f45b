import type * as tf from '@tensorflow/tfjs';
import { single, type WasmHeap, wasmKernel } from './wasmKernelUtil';

const KERNEL_NAME = 'Conv2DBackpropFilter';

/**
 * Whether im2colFilterGrad's product runs on the SIMD module (wasmBatchMatMul.ts) rather than
 * transposing the patches for XNNPACK: its patch rows are padded to 4 values, dy needs 8s.
 */
export function im2colOnSimd(info: tf.backend_util.Conv2DInfo): boolean {
  return info.outChannels % 8 === 0;
}

/**
 * The filter gradient as one matrix product, for convolutions with few input channels (the
 * first layer of a CNN): dW[(kh,kw,ci), co] = Pᵀ[(kh,kw,ci), (b,i,j)] · dy[(b,i,j), co], where
 * P holds the input patches, one row per output position (0 in the padding), padded with zero
 * columns to a multiple of 4. P is written row by row onto the wasm heap, which JS does fast
 * (the lab CNN's first layer: 9 values for each of 100,352 positions at batch 128), and both
 * operands go to the wasm BatchMatMul as 3-d views of their buffers with transposeA, which
 * takes the SIMD product where the sizes suit it. Any stride, dilation and padding.
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
  const taps = filterHeight * filterWidth * inChannels;
  const width = Math.ceil(taps / 4) * 4;
  const positions = batchSize * outHeight * outWidth;
  const patches = heap.makeOutput([1, positions, width], 'float32');
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
    const product = single(
      wasmKernel(
        'BatchMatMul',
        KERNEL_NAME,
      )({
        inputs: { a: patches, b: { ...dy, shape: [1, positions, outChannels] } },
        backend,
        attrs: { transposeA: true, transposeB: false },
      }),
      KERNEL_NAME,
    );
    const filterShape = [filterHeight, filterWidth, inChannels, outChannels];
    // The product's first `taps` rows are dW in [fh, fw, ci, co] order; the rest are zero rows.
    if (width === taps) return { ...product, shape: filterShape };
    try {
      const dw = heap.makeOutput(filterShape, 'float32');
      const rows = heap.typedArrayFromHeap(product) as Float32Array;
      (heap.typedArrayFromHeap(dw) as Float32Array).set(rows.subarray(0, taps * outChannels));
      return dw;
    } finally {
      backend.disposeData(product.dataId);
    }
  } finally {
    backend.disposeData(patches.dataId);
  }
}
