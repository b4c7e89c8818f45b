import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ConvCase, convComparison, convInfo, expectClose } from '../../../testing/convCompare';
import { expectNoLeakAcrossSteps } from '../../../testing/repeatedSteps';
import { initBackend } from '../initBackend';
import { SIMD_CONV_MAX_THREADS, simdConvApplies } from './simdConv';
import { simdKernelsOf } from './simdKernels';

// Each case suits the SIMD forward convolution (channels in 4s, out in 8s) and its input
// gradient (the reverse), with sizes that leave the 4-row tiles a partial last tile.
const cases: ConvCase[] = [
  {
    name: "3x3 'same', 8 -> 8 channels, 3 images of 5x7",
    xShape: [3, 5, 7, 8],
    filterShape: [3, 3, 8, 8],
    strides: 1,
    pad: 'same',
  },
  {
    name: "5x3 'valid', 16 -> 8 channels on 9x6",
    xShape: [2, 9, 6, 16],
    filterShape: [5, 3, 16, 8],
    strides: 1,
    pad: 'valid',
  },
  {
    name: "1x1 'valid', 8 -> 16 channels",
    xShape: [2, 3, 5, 8],
    filterShape: [1, 1, 8, 16],
    strides: 1,
    pad: 'valid',
  },
  {
    name: 'explicit asymmetric padding within k-1, 8 -> 24 channels',
    xShape: [2, 6, 4, 8],
    filterShape: [3, 2, 8, 24],
    strides: 1,
    pad: [
      [0, 0],
      [2, 0],
      [0, 1],
      [0, 0],
    ],
  },
  {
    // Padding beyond k-1 puts dy outside the padded image of the input gradient: that one falls
    // back to XNNPACK, the forward convolution still takes the SIMD product.
    name: 'explicit padding beyond k-1 on the bottom, 8 -> 8 channels',
    xShape: [1, 4, 4, 8],
    filterShape: [2, 2, 8, 8],
    strides: 1,
    pad: [
      [0, 0],
      [0, 3],
      [1, 1],
      [0, 0],
    ],
  },
];

describe('SIMD convolutions on wasm', () => {
  beforeAll(async () => {
    await initBackend('cpu');
    await initBackend('wasm');
  });
  const compare = convComparison();

  it('run here, and apply to every case', () => {
    expect(simdKernelsOf(tf.engine().findBackend('wasm'), SIMD_CONV_MAX_THREADS)).toBeDefined();
    for (const c of cases) {
      const info = convInfo(c);
      expect(simdConvApplies(info, info.inChannels, info.outChannels)).toBe(true);
      expect(simdConvApplies(info, info.outChannels, info.inChannels)).toBe(true);
    }
  });

  it('leave strided, dilated and odd-channel convolutions to XNNPACK', () => {
    const info = (strides: number, dilations: number, channels: [number, number]) =>
      tf.backend_util.computeConv2DInfo(
        [1, 9, 9, channels[0]],
        [3, 3, ...channels],
        strides,
        dilations,
        'same',
      );
    expect(simdConvApplies(info(2, 1, [8, 8]), 8, 8)).toBe(false);
    expect(simdConvApplies(info(1, 2, [8, 8]), 8, 8)).toBe(false);
    expect(simdConvApplies(info(1, 1, [6, 8]), 6, 8)).toBe(false);
    expect(simdConvApplies(info(1, 1, [8, 12]), 8, 12)).toBe(false);
  });

  it.each(cases)('match cpu: $name', async (c) => {
    const { expected, actual } = await compare(c);
    expectClose(actual.y, expected.y);
    expectClose(actual.dx, expected.dx);
    expectClose(actual.dw, expected.dw);
  });

  it('do not leak tensors or wasm buffers', async () => {
    await tf.setBackend('wasm');
    const x = tf.randomNormal([2, 6, 6, 8], 0, 1, 'float32', 4) as tf.Tensor4D;
    const w = tf.randomNormal([3, 3, 8, 8], 0, 1, 'float32', 5) as tf.Tensor4D;
    const step = () =>
      tf.tidy(() => {
        const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          tf
            .conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same')
            .square()
            .sum(),
        )([x, w]) as [tf.Tensor, tf.Tensor];
        return dx.sum().add(dw.sum());
      });
    expectNoLeakAcrossSteps(step);
    tf.dispose([x, w]);
  });
});
