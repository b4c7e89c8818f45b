import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ConvCase,
  convComparison,
  convInfo,
  expectClose,
  type HostTensor,
  RELATIVE_TOLERANCE,
  randomHost,
  toHost,
  upload,
} from '../../testing/convCompare';
import { expectNoLeakAcrossSteps } from '../../testing/repeatedSteps';
import { initBackend } from './initBackend';
import { SIMD_FILTER_GRAD_MAX_THREADS, simdFilterGradApplies } from './simd/simdFilterGrad';
import { simdKernelsOf } from './simd/simdKernels';
import {
  wasmConv2DBackpropFilterByConvConfig,
  wasmConv2DBackpropFilterByIm2colConfig,
  wasmConv2DBackpropFilterConfig,
} from './wasmConv2dBackpropFilter';
import { im2colOnSimd } from './wasmIm2colFilterGrad';
import { registerWasmTrainingKernels } from './wasmTrainingKernels';

function useKernel(config: tf.KernelConfig): void {
  tf.unregisterKernel(config.kernelName, config.backendName);
  tf.registerKernel(config);
}

const cases: ConvCase[] = [
  {
    name: "lab CNN conv1: 3x3 'same' stride 1, 1 -> 64 channels",
    xShape: [4, 28, 28, 1],
    filterShape: [3, 3, 1, 64],
    strides: 1,
    pad: 'same',
  },
  {
    name: "lab CNN conv2: 3x3 'same' stride 1, 64 -> 64 channels",
    xShape: [4, 28, 28, 64],
    filterShape: [3, 3, 64, 64],
    strides: 1,
    pad: 'same',
  },
  {
    name: "3x3 'valid' stride 1",
    xShape: [2, 9, 11, 3],
    filterShape: [3, 3, 3, 5],
    strides: 1,
    pad: 'valid',
  },
  {
    name: "3x3 'same' stride 2, even input",
    xShape: [2, 10, 10, 3],
    filterShape: [3, 3, 3, 4],
    strides: 2,
    pad: 'same',
  },
  {
    name: "3x3 'same' stride 2, odd input",
    xShape: [2, 9, 9, 3],
    filterShape: [3, 3, 3, 4],
    strides: 2,
    pad: 'same',
  },
  {
    // 7 rows, 2x2 filter, stride 2: the last input row is never read (negative bottom pad).
    name: "2x2 'valid' stride 2, odd input with an unread last row/column",
    xShape: [2, 7, 7, 3],
    filterShape: [2, 2, 3, 4],
    strides: 2,
    pad: 'valid',
  },
  {
    name: "3x3 'valid' stride 2, unread last row and column",
    xShape: [3, 10, 8, 2],
    filterShape: [3, 3, 2, 6],
    strides: 2,
    pad: 'valid',
  },
  {
    name: "5x5 'same' on a 12x9 input",
    xShape: [2, 12, 9, 3],
    filterShape: [5, 5, 3, 4],
    strides: 1,
    pad: 'same',
  },
  {
    name: "5x3 'valid' with strides [2, 1] on an 11x8 input",
    xShape: [2, 11, 8, 2],
    filterShape: [5, 3, 2, 4],
    strides: [2, 1],
    pad: 'valid',
  },
  {
    name: "3x3 'valid' stride 1, 4 -> 8 channels",
    xShape: [3, 7, 6, 4],
    filterShape: [3, 3, 4, 8],
    strides: 1,
    pad: 'valid',
  },
  {
    name: "5x3 'same' stride 1, 8 -> 16 channels on an odd 9x7 input",
    xShape: [2, 9, 7, 8],
    filterShape: [5, 3, 8, 16],
    strides: 1,
    pad: 'same',
  },
  {
    name: 'explicit asymmetric padding, stride 1, 12 -> 24 channels, 1x1 output width',
    xShape: [2, 5, 1, 12],
    filterShape: [2, 3, 12, 24],
    strides: 1,
    pad: [
      [0, 0],
      [0, 2],
      [1, 1],
      [0, 0],
    ],
  },
  {
    // 30 rows of 32 padded pixels: 8 full passes of 112 rows through the SIMD product and a
    // shorter last one.
    name: "3x3 'same' stride 1, 32 -> 32 channels on 30x30",
    xShape: [1, 30, 30, 32],
    filterShape: [3, 3, 32, 32],
    strides: 1,
    pad: 'same',
  },
  {
    name: "3x3 'same' stride 2, 3 -> 8 channels",
    xShape: [2, 9, 9, 3],
    filterShape: [3, 3, 3, 8],
    strides: 2,
    pad: 'same',
  },
  {
    name: 'explicit asymmetric padding, strides [2, 1], 2 -> 16 channels',
    xShape: [2, 9, 8, 2],
    filterShape: [3, 2, 2, 16],
    strides: [2, 1],
    pad: [
      [0, 0],
      [2, 1],
      [0, 3],
      [0, 0],
    ],
  },
  {
    name: 'numeric pad 1, stride 1',
    xShape: [2, 8, 8, 3],
    filterShape: [3, 3, 3, 4],
    strides: 1,
    pad: 1,
  },
  {
    name: 'numeric pad 2, stride 2',
    xShape: [2, 9, 9, 3],
    filterShape: [3, 3, 3, 4],
    strides: 2,
    pad: 2,
  },
  {
    name: 'explicit asymmetric padding, strides [2, 1]',
    xShape: [2, 9, 8, 2],
    filterShape: [3, 2, 2, 5],
    strides: [2, 1],
    pad: [
      [0, 0],
      [2, 1],
      [0, 3],
      [0, 0],
    ],
  },
];

describe('wasm Conv2DBackpropFilter', () => {
  beforeAll(async () => {
    // Start both backends once; the cpu start also mutes its Node banner.
    await initBackend('cpu');
    await initBackend('wasm');
  });

  it('registers once and leaves an existing registration alone', () => {
    registerWasmTrainingKernels();
    registerWasmTrainingKernels();
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBe(wasmConv2DBackpropFilterConfig);
  });

  const simdCases = cases.filter((c) => simdFilterGradApplies(convInfo(c)));
  const patchCases = cases.filter(
    (c) => !simdFilterGradApplies(convInfo(c)) && im2colOnSimd(convInfo(c)),
  );
  const compare = convComparison();

  it('runs the SIMD path here, on some of the cases', () => {
    expect(
      simdKernelsOf(tf.engine().findBackend('wasm'), SIMD_FILTER_GRAD_MAX_THREADS),
    ).toBeDefined();
    expect(simdCases).toHaveLength(5);
    expect(patchCases.map((c) => c.name)).toEqual([
      "lab CNN conv1: 3x3 'same' stride 1, 1 -> 64 channels",
      "3x3 'same' stride 2, 3 -> 8 channels",
      'explicit asymmetric padding, strides [2, 1], 2 -> 16 channels',
    ]);
  });

  // The registered kernel takes the SIMD product where it applies and the matrix product of
  // patches on other small inputs; each other path is registered here in its place to run the
  // cases too.
  for (const [path, config] of [
    ['SIMD product, as registered', wasmConv2DBackpropFilterConfig],
    ['matrix product of patches', wasmConv2DBackpropFilterByIm2colConfig],
    ['convolution with dy as the filter', wasmConv2DBackpropFilterByConvConfig],
  ] as const) {
    describe(path, () => {
      beforeAll(() => useKernel(config));
      afterAll(() => useKernel(wasmConv2DBackpropFilterConfig));

      it.each(cases)('matches cpu: $name', async (c) => {
        const { expected, actual } = await compare(c);
        expectClose(actual.y, expected.y);
        expectClose(actual.dw, expected.dw);
        expectClose(actual.dx, expected.dx);
      });
    });
  }

  it('rejects NCHW with a clear error', async () => {
    await tf.setBackend('wasm');
    const x = tf.zeros([1, 2, 5, 5]);
    const dy = tf.zeros([1, 4, 3, 3]);
    expect(() =>
      tf
        .engine()
        .runKernel(
          'Conv2DBackpropFilter',
          { x, dy },
          { strides: 1, pad: 'valid', dataFormat: 'NCHW', filterShape: [3, 3, 2, 4] },
        ),
    ).toThrow(/only dataFormat 'NHWC'/);
    tf.dispose([x, dy]);
  });

  it('rejects a dy that does not match the forward output shape', async () => {
    // What tfjs's conv2d gradient passes after a forward conv with dimRoundingMode 'ceil': dy has
    // 5 rows while the gradient, which drops the rounding mode, implies 4.
    await tf.setBackend('wasm');
    const x = tf.zeros([2, 8, 8, 3]);
    const dy = tf.zeros([2, 5, 5, 4]);
    expect(() =>
      tf
        .engine()
        .runKernel(
          'Conv2DBackpropFilter',
          { x, dy },
          { strides: 2, pad: 1, dataFormat: 'NHWC', filterShape: [3, 3, 3, 4] },
        ),
    ).toThrow(/dy has shape \[2,5,5,4\] but .* give \[2,4,4,4\]/);
    tf.dispose([x, dy]);
  });

  it('does not leak tensors or wasm buffers across repeated calls', async () => {
    await tf.setBackend('wasm');
    const x = tf.randomNormal([2, 9, 9, 3], 0, 1, 'float32', 4) as tf.Tensor4D;
    const w = tf.randomNormal([3, 3, 3, 4], 0, 1, 'float32', 5) as tf.Tensor4D;
    // The second filter takes the Slice path: 2x2 'valid' stride 2 never reads row/column 9.
    const w2 = tf.randomNormal([2, 2, 3, 4], 0, 1, 'float32', 6) as tf.Tensor4D;
    const filterGrad = (f: tf.Tensor4D, pad: 'same' | 'valid') =>
      tf.grad((g) =>
        tf
          .conv2d(x, g as tf.Tensor4D, 2, pad)
          .square()
          .sum(),
      )(f);
    const step = () =>
      tf.tidy(() => filterGrad(w, 'same').sum().add(filterGrad(w2, 'valid').sum()));
    expectNoLeakAcrossSteps(step);
    tf.dispose([x, w, w2]);
  });
});

describe('small CNN training on wasm', () => {
  beforeAll(async () => {
    await initBackend('cpu');
    await initBackend('wasm');
  });

  function buildModel(): tf.LayersModel {
    const seeded = (seed: number) => tf.initializers.glorotUniform({ seed });
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({
          inputShape: [12, 12, 1],
          filters: 8,
          kernelSize: 3,
          padding: 'same',
          activation: 'relu',
          kernelInitializer: seeded(1),
        }),
        tf.layers.conv2d({
          filters: 8,
          kernelSize: 3,
          padding: 'same',
          activation: 'relu',
          kernelInitializer: seeded(2),
        }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 5, kernelInitializer: seeded(3) }),
      ],
    });
    model.compile({
      optimizer: tf.train.adam(1e-2),
      loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred),
    });
    return model;
  }

  async function trainLosses(
    backend: 'wasm' | 'cpu',
    weights: HostTensor[],
    xs: HostTensor,
    ys: HostTensor,
  ): Promise<number[]> {
    await tf.setBackend(backend);
    const model = buildModel();
    const initial = weights.map(upload);
    model.setWeights(initial);
    tf.dispose(initial);
    const [x, y] = [upload(xs), upload(ys)];
    const losses: number[] = [];
    for (let i = 0; i < 4; i++) {
      losses.push(Number(await model.trainOnBatch(x, y)));
    }
    tf.dispose([x, y]);
    model.dispose();
    return losses;
  }

  it('gives the same losses as cpu over several Adam steps', async () => {
    await tf.setBackend('cpu');
    const reference = buildModel();
    const weights = await Promise.all(reference.getWeights().map(toHost));
    reference.dispose();
    const xs = await randomHost([16, 12, 12, 1], 7);
    const labels = tf.tidy(() =>
      tf
        .oneHot(tf.tensor1d([0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0], 'int32'), 5)
        .toFloat(),
    );
    const ys = await toHost(labels);
    labels.dispose();

    const expected = await trainLosses('cpu', weights, xs, ys);
    const actual = await trainLosses('wasm', weights, xs, ys);
    expect(expected[3]).toBeLessThan(expected[0] ?? 0);
    for (let i = 0; i < expected.length; i++) {
      expect(Math.abs((actual[i] ?? Number.NaN) - (expected[i] ?? 0))).toBeLessThanOrEqual(
        RELATIVE_TOLERANCE * Math.abs(expected[i] ?? 0),
      );
    }
  });
});
