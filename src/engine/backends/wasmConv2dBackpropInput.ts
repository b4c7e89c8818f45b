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
