import type * as tf from '@tensorflow/tfjs';
import type { WasmHeap } from '../wasmKernelUtil';
import {
  fillPadded,
  type PaddedLayout,
  paddedFloats,
  paddedInputLayout,
  paddedSpare,
} from './paddedCopy';
import { type SimdKernels, simdKernelsOf } from './simdKernels';

/** Whether the SIMD convolutions take this one: stride 1, channels in multiples of 4 and 8. */
export function simdConvApplies(
  info: tf.backend_util.Conv2DInfo,
  depth: number,
  outChannels: number,
): boolean {
  return (
    info.strideHeight === 1 &&
    info.strideWidth === 1 &&
    info.dilationHeight === 1 &&
    info.dilationWidth === 1 &&
    depth % 4 === 0 &&
    outChannels % 8 === 0
  );
}

/**
 * The SIMD module runs on one thread; XNNPACK spread over two or more is faster for the forward
 * and input-gradient convolutions (not for the filter gradient, see simdFilterGrad.ts).
 */
export const SIMD_CONV_MAX_THREADS = 1;

/** Conv2D (NHWC, stride 1) on the SIMD module; undefined where it does not apply. */
export function simdConv2D(
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  backend: tf.KernelBackend,
): tf.TensorInfo | undefined {
  const { inChannels, outChannels, filterHeight, filterWidth } = info;
  if (!simdConvApplies(info, inChannels, outChannels) || x.dtype !== 'float32') return undefined;
  const simd = simdKernelsOf(backend, SIMD_CONV_MAX_THREADS);
  if (simd === undefined) return undefined;
  return convolveOnHeap(simd, backend, {
    input: x,
    layout: paddedInputLayout(info),
    depth: inChannels,
    filter,
    filterHeight,
    filterWidth,
    outShape: info.outShape,
  });
}

/**
 * Conv2DBackpropInput (NHWC, stride 1) on the SIMD module: the forward convolution of dy,
 * padded by (k-1-pad) before, with the filter rotated by 180 degrees and its channel axes
 * swapped. Undefined where it does not apply (also when the forward padding exceeds k-1).
 */
export function simdConv2DBackpropInput(
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  backend: tf.KernelBackend,
): tf.TensorInfo | undefined {
  const { inChannels, outChannels, filterHeight, filterWidth, inHeight, inWidth } = info;
  const layout: PaddedLayout = {
    height: inHeight + filterHeight - 1,
    width: inWidth + filterWidth - 1,
    top: filterHeight - 1 - info.padInfo.top,
    left: filterWidth - 1 - info.padInfo.left,
    spare: paddedSpare(filterWidth),
  };
  // dy must lie inside the padded image: forward padding of at most k-1 on every side.
  const fits =
    layout.top >= 0 &&
    layout.left >= 0 &&
    layout.top + info.outHeight <= layout.height &&
    layout.left + info.outWidth <= layout.width;
  if (
    !simdConvApplies(info, outChannels, inChannels) ||
    !fits ||
    dy.dtype !== 'float32' ||
    dy.shape.some((d, i) => d !== info.outShape[i])
  ) {
    return undefined;
  }
  const simd = simdKernelsOf(backend, SIMD_CONV_MAX_THREADS);
  if (simd === undefined) return undefined;
  const heap = backend as unknown as WasmHeap;
  const rotated = heap.makeOutput([filterHeight, filterWidth, outChannels, inChannels], 'float32');
  try {
    const w = heap.typedArrayFromHeap(filter) as Float32Array;
    const r = heap.typedArrayFromHeap(rotated) as Float32Array;
    for (let fh = 0; fh < filterHeight; fh++) {
      for (let fw = 0; fw < filterWidth; fw++) {
        const from = (fh * filterWidth + fw) * inChannels * outChannels;
        const to =
          ((filterHeight - 1 - fh) * filterWidth + filterWidth - 1 - fw) * inChannels * outChannels;
        for (let ci = 0; ci < inChannels; ci++) {
          for (let co = 0; co < outChannels; co++) {
            r[to + co * inChannels + ci] = w[from + ci * outChannels + co] ?? 0;
          }
        }
      }
    }
    return convolveOnHeap(simd, backend, {
      input: dy,
      layout,
      depth: outChannels,
      filter: rotated,
      filterHeight,
      filterWidth,
      outShape: info.inShape,
    });
  } finally {
    backend.disposeData(rotated.dataId);
  }
}

/** One image's output positions in padded rows, rounded up to the product's 4-row tiles. */
function imageRows(outHeight: number, layout: PaddedLayout): number {
  return Math.ceil((outHeight * layout.width) / 4) * 4;
}

interface HeapConvolution {
  input: tf.TensorInfo; // NHWC, copied into `layout`
  layout: PaddedLayout; // spare: at least paddedSpare(filterWidth)
  depth: number; // input channels
  filter: tf.TensorInfo; // [filterHeight, filterWidth, depth, outChannels]
  filterHeight: number;
  filterWidth: number;
  outShape: readonly number[]; // [batch, outHeight, outWidth, outChannels]
}

/** A new tensor of outShape: the padded input convolved with the filter (convolvePadded). */
function convolveOnHeap(
  simd: SimdKernels,
  backend: tf.KernelBackend,
  c: HeapConvolution,
): tf.TensorInfo {
  const heap = backend as unknown as WasmHeap;
  const [batch, outHeight, , outChannels] = c.outShape as [number, number, number, number];
  const padded = heap.makeOutput([paddedFloats(batch, c.depth, c.layout)], 'float32');
  const scratch = heap.makeOutput([imageRows(outHeight, c.layout) * outChannels], 'float32');
  const out = heap.makeOutput([...c.outShape], 'float32');
  try {
    // Views only after every allocation: an allocation may grow (and detach) the heap.
    const xp = heap.typedArrayFromHeap(padded) as Float32Array;
    fillPadded(xp, heap.typedArrayFromHeap(c.input) as Float32Array, c.input.shape, c.layout);
    convolvePadded(simd, {
      xp,
      layout: c.layout,
      depth: c.depth,
      filter: heap.typedArrayFromHeap(c.filter) as Float32Array,
      filterHeight: c.filterHeight,
      filterWidth: c.filterWidth,
      scratch: heap.typedArrayFromHeap(scratch) as Float32Array,
      out: heap.typedArrayFromHeap(out) as Float32Array,
      outShape: c.outShape,
    });
    return out;
  } catch (error) {
    backend.disposeData(out.dataId);
    throw error;
  } finally {
    backend.disposeData(padded.dataId);
    backend.disposeData(scratch.dataId);
  }
}

interface PaddedConvolution {
  xp: Float32Array; // the padded input
  layout: PaddedLayout;
  depth: number;
  filter: Float32Array;
  filterHeight: number;
  filterWidth: number;
  scratch: Float32Array; // imageRows(...) x outChannels
  out: Float32Array;
  outShape: readonly number[];
}

/**
 * A 'valid' stride-1 convolution of a padded input, image by image. Output position (i, j) in
 * padded-row coordinates is flat index p = i·width + j and reads input pixel p + fh·width + fw,
 * so each filter offset adds one product of consecutive input pixels and the filter's
 * [depth, outChannels] slice into the image's scratch rows; the columns j >= outWidth are
 * junk (they straddle two rows) and are dropped when the rows are copied out.
 */
function convolvePadded(simd: SimdKernels, c: PaddedConvolution): void {
  const [batch, outHeight, outWidth, outChannels] = c.outShape as [number, number, number, number];
  const { width, height } = c.layout;
  const rows = imageRows(outHeight, c.layout);
  const sliceBytes = 4 * c.depth * outChannels;
  const outRow = outWidth * outChannels;
  for (let b = 0; b < batch; b++) {
    c.scratch.fill(0);
    for (let fh = 0; fh < c.filterHeight; fh++) {
      for (let fw = 0; fw < c.filterWidth; fw++) {
        const xAt = c.xp.byteOffset + 4 * ((b * height + fh) * width + fw) * c.depth;
        const filterAt = c.filter.byteOffset + (fh * c.filterWidth + fw) * sliceBytes;
        simd.ab(xAt, c.depth, filterAt, c.scratch.byteOffset, rows, c.depth, outChannels);
      }
    }
    for (let i = 0; i < outHeight; i++) {
      const from = i * width * outChannels;
      c.out.set(c.scratch.subarray(from, from + outRow), (b * outHeight + i) * outRow);
    }
  }
}
