import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmBackend } from '../../testing/wasmBackend';
import { BLANK, PADDING } from '../data/emnistMapping';
import { EpochSums } from './epochSums';
import { objectiveFor } from './objectives';

const CLASSES = 12;

/** Logits [n, L, C] whose argmax at each position is the given class. */
function logitsFor(rows: number[][]): tf.Tensor3D {
  return tf.tensor3d(
    rows.map((row) => row.map((k) => Array.from({ length: CLASSES }, (_, c) => (c === k ? 5 : 0)))),
  );
}

async function epoch(name: string, batches: { predicted: number[][]; labels: number[][] }[]) {
  const objective = objectiveFor(name);
  const sums = new EpochSums(objective.ratios);
  for (const { predicted, labels } of batches) {
    const logits = logitsFor(predicted);
    const y = tf.tensor2d(labels, undefined, 'int32');
    const loss = objective.loss(logits, y);
    const tallies = await objective.evalTallies(logits, y);
    sums.add({ loss, tallies }, labels.length);
    tf.dispose([logits, y, loss, ...Object.values(tallies)]);
  }
  return sums.read('test');
}

describe('objectives', () => {
  beforeAll(useWasmBackend);

  it('cross-entropy per line position: acc counts padding, char_acc does not', async () => {
    const P = PADDING;
    const before = tf.memory().numTensors;
    const metrics = await epoch('cross_entropy', [
      // 3 of 4 positions right (padding included), 1 of 2 characters.
      { predicted: [[5, 7, P, P]], labels: [[5, 6, P, P]] },
      // 2 of 4 positions, 2 of 3 characters.
      { predicted: [[8, 9, 6, 6]], labels: [[8, 9, 10, P]] },
    ]);
    expect(tf.memory().numTensors).toBe(before);
    expect(metrics['test/acc']).toBeCloseTo(5 / 8, 6);
    expect(metrics['test/char_acc']).toBeCloseTo(3 / 5, 6);
    // Each position: -log softmax, log(e^5 + 11) - 5 where right, log(e^5 + 11) where wrong;
    // 5 of 8 positions right.
    expect(metrics['test/loss']).toBeCloseTo(Math.log(Math.exp(5) + 11) - (5 * 5) / 8, 5);
  });

  it('cross-entropy refuses more outputs than labels, pointing to CTC', () => {
    const logits = logitsFor([[1, 2, 3]]);
    const y = tf.tensor2d([[1, 2]], undefined, 'int32');
    expect(() => objectiveFor('cross_entropy').loss(logits, y)).toThrow(/--loss ctc/);
    tf.dispose([logits, y]);
  });

  it('CTC reports the character error rate of greedy decoding', async () => {
    const [B, P] = [BLANK, PADDING];
    const metrics = await epoch('ctc', [
      // Decodes to 5 6 6: right (the blank keeps the repeat).
      { predicted: [[5, 5, 6, B, 6, B]], labels: [[5, 6, 6, P]] },
      // Decodes to 7: one deletion against 7 8.
      { predicted: [[B, 7, 7, 7, B, B]], labels: [[7, 8, P, P]] },
    ]);
    expect(metrics['test/cer']).toBeCloseTo(1 / 5, 6);
    expect(metrics['test/acc']).toBeUndefined();
    expect(() => objectiveFor('hinge')).toThrow(
      /Unknown loss 'hinge'. Choose one of: cross_entropy, ctc/,
    );
  });

  it("smooths cross-entropy's targets as PyTorch's label_smoothing, and refuses it for CTC", () => {
    const logits = tf.tensor2d([[2, 0.5, -1]]);
    const y = tf.tensor1d([0], 'int32');
    const logP = tf.logSoftmax(logits).dataSync();
    // Targets (1 - s) one-hot + s / 3.
    const s = 0.3;
    const expected = -((1 - s + s / 3) * logP[0] + (s / 3) * (logP[1] + logP[2]));
    const loss = objectiveFor('cross_entropy', s).loss(logits, y);
    expect(loss.dataSync()[0]).toBeCloseTo(expected, 5);
    const plain = objectiveFor('cross_entropy').loss(logits, y);
    expect(plain.dataSync()[0]).toBeCloseTo(-logP[0], 5);
    tf.dispose([logits, y, loss, plain]);
    expect(() => objectiveFor('ctc', 0.1)).toThrow(
      '--label_smoothing applies to --loss cross_entropy; CTC has no one-hot targets.',
    );
  });
});
