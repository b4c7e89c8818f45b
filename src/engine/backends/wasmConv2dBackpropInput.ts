import * as tf from '@tensorflow/tfjs';
import { simdConv2DBackpropInput } from './simd/simdConv';
import { overrideWasmKernel, single, wasmKernel } from './wasmKernelUtil';

const KERNEL_NAME = 'Conv2DBackpropInput';

/**
 * tfjs-backend-wasm's Conv2DBackpropInput is a plain loop (about 1.2 GMAC/s here, against 12-15
 * for XNNPACK's Conv2D) and took 65% of a training step of the lab's CNN. For stride 1 the input
 * gradient is a forward convolution of dy with the filter rotated by 180 degrees and its channel
 * axes swapped:
 *
 *   dx[b,h,w,ci] = sum_{kh,kw,co} dy[b, h+top-kh, w+left-kw, co] * W[kh,kw,ci,co]
 *
 * so it runs on the SIMD product (simd/simdConv.ts) where the channels allow and on XNNPACK,
 * with padding (K-1-top) before, otherwise. Other strides keep the shipped kernel.
 */
export function wrapWasmConv2DBackpropInput(): void {
  overrideWasmKernel(KERNEL_NAME, (original) => (args) => {
    const { inputs, backend, attrs } = args;
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } =
      attrs as unknown as tf.Conv2DBackpropInputAttrs;
    const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const format = tf.backend_util.convertConv2DDataFormat(dataFormat);
    const info = tf.backend_util.computeConv2DInfo(
      inputShape,
      filter.shape as [number, number, number, number],
      strides,
      1,
      pad,
      dimRoundingMode,
      false,
      format,
    );
    const { filterHeight: kh, filterWidth: kw, inHeight, inWidth, outHeight, outWidth } = info;
    const top = kh - 1 - info.padInfo.top;
    const left = kw - 1 - info.padInfo.left;
    const bottom = inHeight - outHeight - top + kh - 1;
    const right = inWidth - outWidth - left + kw - 1;
    const simple =
      format === 'channelsLast' &&
      info.strideHeight === 1 &&
      info.strideWidth === 1 &&
      Math.min(top, left, bottom, right) >= 0 &&
      dy.shape.every((d, i) => d === info.outShape[i]);
    if (!simple) return original(args);
    if (info.outHeight === 1 && top === kh - 1 && bottom === kh - 1) {
      return fullHeightWindow(dy, filter, info, [left, right], backend as tf.KernelBackend);
    }
    const simd = simdConv2DBackpropInput(dy, filter, info, backend as tf.KernelBackend);
    if (simd !== undefined) return simd;
    const kernel = (name: string) => wasmKernel(name, KERNEL_NAME);
    const rotated = single(
      kernel('Reverse')({ inputs: { x: filter }, backend, attrs: { dims: [0, 1] } }),
      KERNEL_NAME,
    );
    const swapped = single(
      kernel('Transpose')({ inputs: { x: rotated }, backend, attrs: { perm: [0, 1, 3, 2] } }),
      KERNEL_NAME,
    );
    const kernelBackend = backend as tf.KernelBackend;
    kernelBackend.disposeData(rotated.dataId);
    try {
      return kernel('Conv2D')({
        inputs: { x: dy, filter: swapped },
        backend,
        attrs: {
          strides: [1, 1],
          pad: [
            [0, 0],
            [top, bottom],
            [left, right],
            [0, 0],
          ],
          dataFormat: 'NHWC',
          dilations: [1, 1],
        },
      });
    } finally {
      // Also frees the XNNPACK operator the wasm Conv2D caches for this filter.
      kernelBackend.disposeData(swapped.dataId);
    }
  });
}

/**
 * The input gradient of a 'valid' window over the full height (a line model's window layer,
 * one output row): the padded convolution above would run the whole filter height over rows
 * that are almost all padding. Instead one convolution of dy's single row with the filter
 * reversed along the width and its height folded into the output channels,
 *
 *   dx'[b, 0, w, (kh, ci)] = sum_{kw,co} dy[b, 0, w+left-kw, co] * W[kh, K-1-kw, ci, co],
 *
 * and a transpose of [b, w, kh, ci] to dx [b, kh, w, ci]: the same products as the forward.
 */
function fullHeightWindow(
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  [left, right]: [number, number],
  backend: tf.KernelBackend,
): tf.TensorInfo {
  const kernel = (name: string) => wasmKernel(name, KERNEL_NAME);
  const run = (name: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap) =>
    single(kernel(name)({ inputs, backend, attrs }), KERNEL_NAME);
  const { filterHeight: kh, filterWidth: kw, inChannels: ci, outChannels: co } = info;
  const reversed = run('Reverse', { x: filter }, { dims: [1] });
  const folded = run('Transpose', { x: reversed }, { perm: [1, 3, 0, 2] });
  backend.disposeData(reversed.dataId);
  const rowFilter = { ...folded, shape: [1, kw, co, kh * ci] };
  let rows: tf.TensorInfo;
  try {
    rows = run(
      'Conv2D',
      { x: dy, filter: rowFilter },
      {
        strides: [1, 1],
        pad: [
          [0, 0],
          [0, 0],
          [left, right],
          [0, 0],
        ],
        dataFormat: 'NHWC',
        dilations: [1, 1],
      },
    );
  } finally {
    // Also frees the XNNPACK operator the wasm Conv2D caches for this filter.
    backend.disposeData(folded.dataId);
  }
  try {
    const byColumn = { ...rows, shape: [info.batchSize, info.inWidth, kh, ci] };
    return run('Transpose', { x: byColumn }, { perm: [0, 2, 1, 3] });
  } finally {
    backend.disposeData(rows.dataId);
  }
}
