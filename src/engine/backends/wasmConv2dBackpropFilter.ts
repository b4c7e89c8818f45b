import * as tf from '@tensorflow/tfjs';
// The kernels this one is composed of (Transpose, Conv2D, Slice) are registered by this import.
import '@tensorflow/tfjs-backend-wasm';
import { simdFilterGrad } from './simd/simdFilterGrad';
import { im2colFilterGrad } from './wasmIm2colFilterGrad';
import { single as singleOf, WASM, wasmKernel as wasmKernelOf } from './wasmKernelUtil';

/**
 * tfjs-backend-wasm 4.22 ships no Conv2DBackpropFilter, so `conv2d`'s filter gradient (and thus
 * training any CNN) fails on wasm. This kernel rewrites the filter gradient as a forward
 * convolution so that it runs on the wasm backend's XNNPACK Conv2D:
 *
 *   dW[kh,kw,ci,co] = sum_{b,i,j} xpad[b, i*sH+kh, j*sW+kw, ci] * dy[b,i,j,co]
 *
 * Treat ci as the batch, b as the input channels and dy as a filter of spatial size [oh,ow]
 * dilated by the forward strides: Conv2D(x^T [ci,H,W,b], dy^T [oh,ow,b,co], stride 1,
 * dilation [sH,sW]) is [ci,KH,KW,co], which one more transpose turns into [KH,KW,ci,co].
 */

const KERNEL_NAME = 'Conv2DBackpropFilter';
const BACKEND_NAME = WASM;
const wasmKernel = (name: string) => wasmKernelOf(name, KERNEL_NAME);
const single = (result: tf.TensorInfo | tf.TensorInfo[]) => singleOf(result, KERNEL_NAME);

/**
 * Stride-1 convolutions with channels in multiples of 4 (in) and 8 (out) take the SIMD product
 * over padded copies (simd/simdFilterGrad.ts): the lab CNN's second layer. Otherwise, up to this
 * many patch values (kh·kw·ci·b·oh·ow, 32 MB), the gradient is one BatchMatMul over explicit
 * patches (wasmIm2colFilterGrad.ts), on the SIMD module where the sizes suit it: the lab CNN's
 * first layer. The rest take the convolution.
 */
const IM2COL_MAX_FLOATS = 8 * 1024 * 1024;

/** Which of the kernel's paths it may take; the tests narrow them to run each on every case. */
interface Paths {
  simd: boolean;
  im2colMaxFloats: number;
}

function conv2DBackpropFilter(
  params: {
    inputs: tf.NamedTensorInfoMap;
    backend: object;
    attrs?: tf.NamedAttrMap;
  },
  paths: Paths,
): tf.TensorInfo {
  const { x, dy } = params.inputs;
  const backend = params.backend as tf.KernelBackend;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
    params.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (x === undefined || dy === undefined) {
    throw new Error(`${KERNEL_NAME} on wasm expects inputs 'x' and 'dy'`);
  }
  const format = tf.backend_util.convertConv2DDataFormat(dataFormat);
  if (format !== 'channelsLast') {
    throw new Error(
      `${KERNEL_NAME} on wasm supports only dataFormat 'NHWC' (channelsLast), got '${dataFormat}'`,
    );
  }

  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    format,
  );
  // tfjs's conv2d gradient drops dimRoundingMode, so a forward conv that rounded up ('ceil')
  // hands over a dy larger than the shape recomputed here; refuse it rather than mis-align.
  if (dy.shape.some((d, i) => d !== info.outShape[i])) {
    throw new Error(
      `${KERNEL_NAME} on wasm: dy has shape [${dy.shape}] but x, filterShape, strides and pad ` +
        `give [${info.outShape}] (tfjs's conv2d gradient ignores dimRoundingMode)`,
    );
  }
  const { inHeight, inWidth, outHeight, outWidth, strideHeight, strideWidth } = info;
  const { filterHeight, filterWidth, inChannels, batchSize } = info;
  const simd = paths.simd ? simdFilterGrad(x, dy, info, backend) : undefined;
  if (simd !== undefined) return simd;
  if (
    filterHeight * filterWidth * inChannels * batchSize * outHeight * outWidth <=
    paths.im2colMaxFloats
  ) {
    return im2colFilterGrad(x, dy, info, backend);
  }
  const { top, left } = info.padInfo;
  // The padding after the input that the last output row/column actually reads. The forward
  // pass may leave trailing input rows/columns unread (stride leftovers): then this is negative
  // and those rows/columns must be cut off, since Conv2D cannot take negative padding.
  const bottom = filterHeight + (outHeight - 1) * strideHeight - inHeight - top;
  const right = filterWidth + (outWidth - 1) * strideWidth - inWidth - left;

  const transpose = wasmKernel('Transpose');
  const conv2d = wasmKernel('Conv2D');
  const intermediates: tf.TensorInfo[] = [];
  // Every intermediate is a fresh wasm buffer owned by this call; disposing the dy-derived
  // filter also frees the XNNPACK operator that the wasm Conv2D caches per filter id.
  const keep = (t: tf.TensorInfo): tf.TensorInfo => {
    intermediates.push(t);
    return t;
  };
  try {
    let input = x;
    if (bottom < 0 || right < 0) {
      const slice = wasmKernel('Slice');
      input = keep(
        single(
          slice({
            inputs: { x },
            backend,
            attrs: {
              begin: [0, 0, 0, 0],
              size: [
                batchSize,
                inHeight + Math.min(bottom, 0),
                inWidth + Math.min(right, 0),
                inChannels,
              ],
            },
          }),
        ),
      );
    }
    const xT = keep(
      single(transpose({ inputs: { x: input }, backend, attrs: { perm: [3, 1, 2, 0] } })),
    );
    const dyT = keep(
      single(transpose({ inputs: { x: dy }, backend, attrs: { perm: [1, 2, 0, 3] } })),
    );
    const explicitPad: tf.backend_util.ExplicitPadding = [
      [0, 0],
      [top, Math.max(bottom, 0)],
      [left, Math.max(right, 0)],
      [0, 0],
    ];
    const grad = keep(
      single(
        conv2d({
          inputs: { x: xT, filter: dyT },
          backend,
          attrs: {
            strides: [1, 1],
            pad: explicitPad,
            dataFormat: 'NHWC',
            dilations: [strideHeight, strideWidth],
          },
        }),
      ),
    );
    return single(transpose({ inputs: { x: grad }, backend, attrs: { perm: [1, 2, 0, 3] } }));
  } finally {
    for (const t of intermediates) {
      backend.disposeData(t.dataId);
    }
  }
}

export const wasmConv2DBackpropFilterConfig: tf.KernelConfig = {
  kernelName: KERNEL_NAME,
  backendName: BACKEND_NAME,
  kernelFunc: (params) =>
    conv2DBackpropFilter(params, { simd: true, im2colMaxFloats: IM2COL_MAX_FLOATS }),
};

/** The same kernel without the SIMD path, so tests cover the matrix product of patches. */
export const wasmConv2DBackpropFilterByIm2colConfig: tf.KernelConfig = {
  ...wasmConv2DBackpropFilterConfig,
  kernelFunc: (params) =>
    conv2DBackpropFilter(params, { simd: false, im2colMaxFloats: Number.POSITIVE_INFINITY }),
};

/** The same kernel with only the convolution path, so tests cover it on small inputs. */
export const wasmConv2DBackpropFilterByConvConfig: tf.KernelConfig = {
  ...wasmConv2DBackpropFilterConfig,
  kernelFunc: (params) => conv2DBackpropFilter(params, { simd: false, im2colMaxFloats: 0 }),
};
