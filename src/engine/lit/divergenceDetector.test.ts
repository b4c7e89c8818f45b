import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmBackend } from '../../testing/wasmBackend';
import { DivergenceDetector } from './divergenceDetector';

/** Feeds `losses` as steps 1, 2, ... and reads with the last one, as the Trainer does. */
async function watch(losses: number[], detector = new DivergenceDetector()) {
  let reading: Awaited<ReturnType<DivergenceDetector['read']>> | undefined;
  for (const [i, value] of losses.entries()) {
    const loss = tf.scalar(value);
    detector.observe(loss, i + 1);
    if (i === losses.length - 1) reading = await detector.read(loss);
    loss.dispose();
  }
  detector.dispose();
  return reading;
}

describe('DivergenceDetector (wasm)', () => {
  beforeAll(useWasmBackend);

  it('reports the first non-finite step and its loss, not a later one', async () => {
    expect(await watch([0.5, 2, Number.NaN, Number.POSITIVE_INFINITY, 1])).toEqual({
      loss: 1,
      divergence: { step: 3, loss: Number.NaN },
    });
    expect(await watch([3, Number.POSITIVE_INFINITY, Number.NaN])).toEqual({
      loss: Number.NaN,
      divergence: { step: 2, loss: Number.POSITIVE_INFINITY },
    });
    expect(await watch([Number.NEGATIVE_INFINITY, 1])).toEqual({
      loss: 1,
      divergence: { step: 1, loss: Number.NEGATIVE_INFINITY },
    });
  });

  it('reports nothing while every loss is finite, or when disabled', async () => {
    expect(await watch([0.5, 1e30, -2, 0])).toEqual({ loss: 0 });
    expect(await watch([Number.NaN, 1], new DivergenceDetector(false))).toEqual({ loss: 1 });
  });

  it('keeps a constant number of tensors over many steps and frees them all', async () => {
    const before = tf.memory().numTensors;
    const detector = new DivergenceDetector();
    const counts = new Set<number>();
    const reported: (number | undefined)[] = [];
    for (let step = 1; step <= 500; step++) {
      const loss = tf.scalar(step === 400 ? Number.NaN : 1 / step);
      detector.observe(loss, step);
      if (step % 100 === 0) reported.push((await detector.read(loss)).divergence?.step);
      loss.dispose();
      counts.add(tf.memory().numTensors);
    }
    expect(reported).toEqual([undefined, undefined, undefined, 400, 400]);
    // Its two state scalars, the same ones all along.
    expect([...counts]).toEqual([before + 2]);
    detector.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
