import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmBackend } from '../../testing/wasmBackend';

const EPSILON = 1e-3;

/** A [2, 3, 4] input, normalized over its last axis with scale and offset set per feature. */
function layerAndInput() {
  const layer = tf.layers.layerNormalization({ axis: -1, epsilon: EPSILON });
  const x = tf.tensor3d(
    Array.from({ length: 24 }, (_, i) => Math.sin(i * 1.3) * (1 + (i % 5))),
    [2, 3, 4],
  );
  layer.build(x.shape);
  layer.setWeights([tf.tensor1d([0.5, 1, 1.5, 2]), tf.tensor1d([0.1, -0.2, 0.3, 0])]);
  return { layer, x };
}

/** The definition, in float64: (x - mean) / sqrt(variance + epsilon) * gamma + beta per row. */
function reference(values: number[], gamma: number[], beta: number[]): number[] {
  const out: number[] = [];
  for (let row = 0; row < values.length / 4; row++) {
    const v = values.slice(row * 4, row * 4 + 4);
    const mean = v.reduce((a, b) => a + b, 0) / 4;
    const variance = v.reduce((a, b) => a + (b - mean) ** 2, 0) / 4;
    v.forEach((x, i) => {
      out.push(((x - mean) / Math.sqrt(variance + EPSILON)) * gamma[i] + beta[i]);
    });
  }
  return out;
}

describe('LayerNormalization with broadcast statistics', () => {
  beforeAll(useWasmBackend);

  it('normalizes each row over its last axis, then scales and offsets it', async () => {
    const { layer, x } = layerAndInput();
    const y = layer.apply(x) as tf.Tensor;
    const expected = reference(Array.from(await x.data()), [0.5, 1, 1.5, 2], [0.1, -0.2, 0.3, 0]);
    Array.from(await y.data()).forEach((v, i) => {
      expect(v).toBeCloseTo(expected[i], 4);
    });
    tf.dispose([x, y]);
  });

  it("has the definition's gradient (central differences) and tiles nothing", async () => {
    const { layer, x } = layerAndInput();
    const weights = tf.tensor3d(
      Array.from({ length: 24 }, (_, i) => Math.cos(i)),
      [2, 3, 4],
    );
    const objective = (input: tf.Tensor) =>
      tf.sum(tf.mul(layer.apply(input) as tf.Tensor, weights));
    const profile = await tf.profile(() => tf.grad(objective)(x));
    expect(profile.kernelNames).not.toContain('Tile');
    const grad = Array.from(await tf.grad(objective)(x).data());
    const values = Array.from(await x.data());
    const h = 1e-2;
    const at = (shifted: number[]) => {
      const gamma = [0.5, 1, 1.5, 2];
      const y = reference(shifted, gamma, [0.1, -0.2, 0.3, 0]);
      return y.reduce((a, v, i) => a + v * Math.cos(i), 0);
    };
    values.forEach((v, i) => {
      const up = values.map((u, j) => (j === i ? v + h : u));
      const down = values.map((u, j) => (j === i ? v - h : u));
      expect(grad[i]).toBeCloseTo((at(up) - at(down)) / (2 * h), 2);
    });
    tf.dispose([x, weights]);
  });
});
