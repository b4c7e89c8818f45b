import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';

export type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;

export interface ConvCase {
  name: string;
  xShape: [number, number, number, number];
  filterShape: [number, number, number, number];
  strides: number | [number, number];
  pad: Pad;
}

/** Host copies, so that the same numbers can be uploaded to each backend. */
export interface HostTensor {
  data: Float32Array;
  shape: number[];
}

/** A convolution's output and the gradients of sum(y * r) for a fixed random r. */
export interface ConvResults {
  y: HostTensor;
  dx: HostTensor;
  dw: HostTensor;
}

export const RELATIVE_TOLERANCE = 1e-4;

export async function toHost(t: tf.Tensor): Promise<HostTensor> {
  return { data: (await t.data()) as Float32Array, shape: t.shape };
}

export function upload(h: HostTensor): tf.Tensor {
  return tf.tensor(h.data, h.shape);
}

export async function randomHost(shape: number[], seed: number): Promise<HostTensor> {
  const t = tf.randomNormal(shape, 0, 1, 'float32', seed);
  const h = await toHost(t);
  t.dispose();
  return h;
}

export function convInfo(c: ConvCase): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(c.xShape, c.filterShape, c.strides, 1, c.pad);
}

/** max |a-b| must stay within RELATIVE_TOLERANCE of max |expected|. */
export function expectClose(actual: HostTensor, expected: HostTensor): void {
  expect(actual.shape).toEqual(expected.shape);
  let maxDiff = 0;
  let maxAbs = 0;
  for (let i = 0; i < expected.data.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs((actual.data[i] ?? Number.NaN) - (expected.data[i] ?? 0)));
    maxAbs = Math.max(maxAbs, Math.abs(expected.data[i] ?? 0));
  }
  expect(maxAbs).toBeGreaterThan(0);
  expect(maxDiff).toBeLessThanOrEqual(RELATIVE_TOLERANCE * maxAbs);
}

/**
 * conv2d(x, w) and the gradients of sum(conv2d(x, w) * r) on one backend: r is a fixed random
 * upstream gradient, so dW is exactly Conv2DBackpropFilter(x, r) and dx is
 * Conv2DBackpropInput(r, w).
 */
async function convOn(
  backend: 'wasm' | 'cpu',
  c: ConvCase,
  inputs: { x: HostTensor; w: HostTensor; r: HostTensor },
): Promise<ConvResults> {
  await tf.setBackend(backend);
  const [x, w, r] = [upload(inputs.x), upload(inputs.w), upload(inputs.r)];
  const conv = (xs: tf.Tensor, ws: tf.Tensor) =>
    tf.conv2d(xs as tf.Tensor4D, ws as tf.Tensor4D, c.strides, c.pad);
  const y = conv(x, w);
  const [dx, dw] = tf.grads((xs: tf.Tensor, ws: tf.Tensor) => conv(xs, ws).mul(r).sum())([
    x,
    w,
  ]) as [tf.Tensor, tf.Tensor];
  const result = { y: await toHost(y), dx: await toHost(dx), dw: await toHost(dw) };
  tf.dispose([x, w, r, y, dx, dw]);
  return result;
}

/**
 * Runs each case on cpu once (the lab's conv2 takes 20 s there) and on wasm as often as asked,
 * so that several kernel paths can be compared with the same reference.
 */
export function convComparison(): (c: ConvCase) => Promise<{
  expected: ConvResults;
  actual: ConvResults;
}> {
  const onCpu = new Map<string, ReturnType<typeof cpuReference>>();
  async function cpuReference(c: ConvCase) {
    await tf.setBackend('cpu');
    const inputs = {
      x: await randomHost(c.xShape, 1),
      w: await randomHost(c.filterShape, 2),
      r: await randomHost(convInfo(c).outShape, 3),
    };
    return { inputs, expected: await convOn('cpu', c, inputs) };
  }
  return async (c) => {
    const reference = onCpu.get(c.name) ?? cpuReference(c);
    onCpu.set(c.name, reference);
    const { inputs, expected } = await reference;
    return { expected, actual: await convOn('wasm', c, inputs) };
  };
}
