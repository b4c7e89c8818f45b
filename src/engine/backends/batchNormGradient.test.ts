import * as tf from '@tensorflow/tfjs';
// tfjs-core's own gradient, which registerBatchNormGradient replaces.
import { fusedBatchNormGradConfig } from '@tensorflow/tfjs-core/dist/gradients/FusedBatchNorm_grad';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmBackend } from '../../testing/wasmBackend';

const values = (n: number, f: (i: number) => number) =>
  Float32Array.from({ length: n }, (_, i) => f(i));

describe('the batch normalization gradient', () => {
  beforeAll(useWasmBackend);

  it("gives tfjs-core's gradients bit for bit, without tiling (x, mean, variance, scale, offset)", async () => {
    const shape = [3, 5, 4, 6];
    const n = shape.reduce((a, b) => a * b);
    const x = tf.tensor(
      values(n, (i) => Math.sin(i * 1.7) * 3),
      shape,
    );
    const mean = tf.tensor(values(6, (i) => 0.1 * i - 0.2));
    const variance = tf.tensor(values(6, (i) => 0.5 + 0.3 * i));
    const scale = tf.tensor(values(6, (i) => 1 - 0.15 * i));
    const dy = tf.tensor(
      values(n, (i) => Math.cos(i * 0.61)),
      shape,
    );
    const saved = [x, mean, variance, scale];
    const attrs = { varianceEpsilon: 1e-5 };
    const registered = tf.getGradient('FusedBatchNorm');
    expect(registered?.gradFunc).not.toBe(fusedBatchNormGradConfig.gradFunc);
    const ours = registered?.gradFunc(dy, saved, attrs as never) ?? {};
    const theirs = fusedBatchNormGradConfig.gradFunc?.(dy, saved, attrs as never) ?? {};
    const names = ['x', 'mean', 'variance', 'scale', 'offset'];
    expect(Object.keys(ours).sort()).toEqual([...names].sort());
    for (const name of names) {
      const [a, b] = [ours[name](), theirs[name]()];
      expect(a.shape, name).toEqual(b.shape);
      const [da, db] = [(await a.data()) as Float32Array, (await b.data()) as Float32Array];
      expect(Buffer.from(da.buffer).equals(Buffer.from(db.buffer)), name).toBe(true);
      tf.dispose([a, b]);
    }
    // tfjs-core's tiles the statistics to the input's shape; ours broadcasts them.
    const kernels = async (grad: () => tf.Tensor) =>
      (await tf.profile(() => grad())).kernels.map((k) => k.name);
    expect(await kernels(theirs.x)).toContain('Tile');
    expect(await kernels(ours.x)).not.toContain('Tile');
    tf.dispose([...saved, dy]);
  });
});
