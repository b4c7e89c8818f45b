import * as tf from '@tensorflow/tfjs';
import { simdConv2D } from './simd/simdConv';
import { overrideWasmKernel } from './wasmKernelUtil';

/**
 * Stride-1 NHWC convolutions whose channels suit the SIMD product (simd/simdConv.ts) run there
 * instead of on XNNPACK, which the profile of the lab CNN's step showed slower for its second
 * layer; everything else keeps the shipped kernel.
 */
export function wrapWasmConv2D(): void {
  overrideWasmKernel('Conv2D', (original) => (args) => {
    const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
    const { strides, pad, dataFormat, dilations, dimRoundingMode } =
      args.attrs as unknown as tf.Conv2DAttrs;
    const format = tf.backend_util.convertConv2DDataFormat(dataFormat);
    if (format !== 'channelsLast' || x.shape.length !== 4) return original(args);
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filter.shape as [number, number, number, number],
      strides,
      dilations,
      pad,
      dimRoundingMode,
      false,
      format,
    );
    return simdConv2D(x, filter, info, args.backend as tf.KernelBackend) ?? original(args);
  });
}
