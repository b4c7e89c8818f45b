import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmBackend } from '../../testing/wasmBackend';
import { createRng } from '../data/rng';
import {
  ctcLoss,
  type ctcNegLogLikelihood,
  ctcNegLogLikelihoodOnDevice,
  ctcNegLogLikelihoodOnHost,
  labelLengths,
  requiredSteps,
} from './ctcLoss';

const BLANK = 0;
const PAD = 9;
const TOKENS = { blank: BLANK, padding: PAD };

/** The CTC collapse: merge repeats, then drop blanks. */
function collapse(path: number[]): number[] {
  return path.filter((k, t) => k !== BLANK && k !== path[t - 1]);
}

function softmaxRows(logits: number[][]): number[][] {
  return logits.map((row) => {
    const max = Math.max(...row);
    const exps = row.map((v) => Math.exp(v - max));
    const total = exps.reduce((a, b) => a + b, 0);
    return exps.map((e) => e / total);
  });
}

/**
 * -log p(label) and its gradient by enumerating all C^T alignments in float64:
 * d(-log p)/d logit[t][k] = softmax[t][k] - (sum of p(path) over paths of the label with
 * path[t] = k) / p.
 */
function bruteForce(logits: number[][], label: number[]) {
  const steps = logits.length;
  const classes = logits[0].length;
  const probs = softmaxRows(logits);
  let total = 0;
  const byStep = logits.map(() => new Array<number>(classes).fill(0));
  const path = new Array<number>(steps).fill(0);
  for (let code = 0; code < classes ** steps; code++) {
    let rest = code;
    for (let t = 0; t < steps; t++) {
      path[t] = rest % classes;
      rest = Math.floor(rest / classes);
    }
    const decoded = collapse(path);
    if (decoded.length !== label.length || decoded.some((k, i) => k !== label[i])) continue;
    const p = path.reduce((acc, k, t) => acc * probs[t][k], 1);
    total += p;
    path.forEach((k, t) => {
      byStep[t][k] += p;
    });
  }
  const grad = probs.map((row, t) => row.map((q, k) => q - byStep[t][k] / total));
  return { nll: -Math.log(total), grad, feasible: total > 0 };
}

function padded(label: number[], length: number): number[] {
  return [...label, ...new Array(length - label.length).fill(PAD)];
}

type Nll = typeof ctcNegLogLikelihood;

async function nllAndGrad(logits: number[][][], labels: number[][], implementation: Nll) {
  const x = tf.tensor3d(logits);
  const y = tf.tensor2d(labels, undefined, 'int32');
  const nll = implementation(x, y, TOKENS);
  const grad = tf.grad((l: tf.Tensor) => tf.sum(implementation(l as tf.Tensor3D, y, TOKENS)))(x);
  const result = { nll: Array.from(await nll.data()), grad: (await grad.array()) as number[][][] };
  tf.dispose([x, y, nll, grad]);
  return result;
}

const IMPLEMENTATIONS: [string, Nll][] = [
  ['on the host', ctcNegLogLikelihoodOnHost],
  ['in tensor ops', ctcNegLogLikelihoodOnDevice],
];

describe.each(IMPLEMENTATIONS)('CTC negative log-likelihood %s', (_, implementation) => {
  beforeAll(useWasmBackend);
  const nllAndGradOf = (logits: number[][][], labels: number[][]) =>
    nllAndGrad(logits, labels, implementation);

  it('matches a hand-checked case: uniform scores, T = 2, label "a"', async () => {
    // Classes blank, a, b each 1/3. The alignments of "a" are aa, a-, -a: p = 3/9, so the
    // loss is log 3. At each step the paths through a carry 2/9 of p's 3/9 and those through
    // the blank 1/9, so the gradient is 1/3 - 2/3 for a, 1/3 - 1/3 for the blank, 1/3 for b.
    const { nll, grad } = await nllAndGradOf(
      [
        [
          [0, 0, 0],
          [0, 0, 0],
        ],
      ],
      [[1, PAD]],
    );
    expect(nll[0]).toBeCloseTo(Math.log(3), 5);
    for (const step of grad[0]) {
      expect(step[0]).toBeCloseTo(0, 5);
      expect(step[1]).toBeCloseTo(-1 / 3, 5);
      expect(step[2]).toBeCloseTo(1 / 3, 5);
    }
  });

  it('value and gradient equal the sum over every alignment (brute force)', async () => {
    const rng = createRng(5);
    const steps = 5;
    const classes = 4;
    // Repeats (which need a blank between them), a skip-free label, an empty one, a full one.
    const labels = [[1, 1], [2, 3, 2], [], [3], [1, 2, 1]];
    const logits = labels.map(() =>
      Array.from({ length: steps }, () =>
        Array.from({ length: classes }, () => 3 * rng.next() - 1.5),
      ),
    );
    const { nll, grad } = await nllAndGradOf(
      logits,
      labels.map((l) => padded(l, 3)),
    );
    labels.forEach((label, i) => {
      const expected = bruteForce(logits[i], label);
      expect(nll[i]).toBeCloseTo(expected.nll, 4);
      grad[i].forEach((row, t) => {
        row.forEach((g, k) => {
          expect(g).toBeCloseTo(expected.grad[t][k], 4);
        });
      });
    });
  });

  it('stays finite and exact with confident (large) scores', async () => {
    const rng = createRng(8);
    const logits = [
      Array.from({ length: 4 }, () => Array.from({ length: 3 }, () => 40 * rng.next())),
    ];
    const label = [2, 1];
    const { nll, grad } = await nllAndGradOf(logits, [label]);
    const expected = bruteForce(logits[0], label);
    expect(Number.isFinite(nll[0])).toBe(true);
    expect(nll[0] / expected.nll).toBeCloseTo(1, 4);
    grad[0].forEach((row, t) => {
      row.forEach((g, k) => {
        expect(g).toBeCloseTo(expected.grad[t][k], 3);
      });
    });
  });

  it('keeps no tensors once the gradient is taken', async () => {
    const x = tf.randomNormal([2, 6, 4]) as tf.Tensor3D;
    const y = tf.tensor2d([padded([1, 2], 3), padded([3], 3)], undefined, 'int32');
    const before = tf.memory().numTensors;
    const grad = tf.grad((l: tf.Tensor) => tf.sum(implementation(l as tf.Tensor3D, y, TOKENS)))(x);
    grad.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
  });
});

describe('CTC loss', () => {
  beforeAll(useWasmBackend);

  it('on the host equals the tensor ops, value and gradient, on lines of 40 steps', async () => {
    const rng = createRng(11);
    const classes = 7;
    // Repeats, skips, an empty label, one as long as the rows, one of a single token.
    const labels = [[1, 1, 2, 2, 3], [4, 5, 6, 1, 2, 3, 4, 5], [], [2, 2, 2, 2], [1]];
    const logits = labels.map(() =>
      Array.from({ length: 40 }, () => Array.from({ length: classes }, () => 8 * rng.next() - 4)),
    );
    const rows = labels.map((l) => padded(l, 8));
    const host = await nllAndGrad(logits, rows, ctcNegLogLikelihoodOnHost);
    const device = await nllAndGrad(logits, rows, ctcNegLogLikelihoodOnDevice);
    host.nll.forEach((v, i) => {
      expect(v / device.nll[i]).toBeCloseTo(1, 5);
    });
    host.grad.flat(2).forEach((g, i) => {
      expect(g).toBeCloseTo(device.grad.flat(2)[i], 4);
    });
  });

  it('on the host equals the tensor ops where probabilities underflow even float64', async () => {
    // A score 1000 above the rest puts e^-1000 on every path of the label "2 1": the rescaled
    // recursion underflows, and the log-space one takes over.
    const logits = [
      Array.from({ length: 6 }, (_, t) => [0, t < 3 ? 1000 : 0, 0, 0]),
      Array.from({ length: 6 }, () => [0.5, 0, 1, 0]),
    ];
    const rows = [padded([2, 1], 3), padded([2, 1], 3)];
    const host = await nllAndGrad(logits, rows, ctcNegLogLikelihoodOnHost);
    const device = await nllAndGrad(logits, rows, ctcNegLogLikelihoodOnDevice);
    expect(host.nll[0]).toBeGreaterThan(1000);
    host.nll.forEach((v, i) => {
      expect(v / device.nll[i]).toBeCloseTo(1, 5);
    });
    host.grad.flat(2).forEach((g, i) => {
      expect(g).toBeCloseTo(device.grad.flat(2)[i], 4);
    });
  });

  it('averages NLL / label length over the batch and zeroes impossible labels', async () => {
    const rng = createRng(2);
    const logits = Array.from({ length: 3 }, () =>
      Array.from({ length: 3 }, () => Array.from({ length: 3 }, () => rng.next())),
    );
    // [1, 1, 1] needs 5 steps (1 - 1 - 1), more than T = 3: no alignment, loss 0 (as
    // torch's zero_infinity), and no NaN in the gradient.
    const labels = [
      [1, 2, PAD],
      [2, PAD, PAD],
      [1, 1, 1],
    ];
    const x = tf.tensor3d(logits);
    const y = tf.tensor2d(labels, undefined, 'int32');
    const loss = ctcLoss(x, y, TOKENS);
    const grad = tf.grad((l: tf.Tensor) => ctcLoss(l as tf.Tensor3D, y, TOKENS))(x);
    const lengths = labelLengths(y, PAD);
    const expected = (bruteForce(logits[0], [1, 2]).nll / 2 + bruteForce(logits[1], [2]).nll) / 3;
    expect(bruteForce(logits[2], [1, 1, 1]).feasible).toBe(false);
    expect((await loss.data())[0]).toBeCloseTo(expected, 4);
    expect(Array.from(await lengths.data())).toEqual([2, 1, 3]);
    const g = (await grad.array()) as number[][][];
    expect(g.flat(2).every(Number.isFinite)).toBe(true);
    expect(g[2].flat().every((v) => v === 0)).toBe(true);
    tf.dispose([x, y, loss, grad, lengths]);
  });

  it('a label ends at its first padding token; equal neighbours need a blank between', async () => {
    const rows = [
      [4, PAD, 4],
      [PAD, 1, 1],
      [1, 2, 3],
      [2, 2, 2],
    ];
    const y = tf.tensor2d(rows, undefined, 'int32');
    const lengths = labelLengths(y, PAD);
    const steps = requiredSteps(y, PAD);
    expect(Array.from(await lengths.data())).toEqual([1, 0, 3, 3]);
    expect(Array.from(await steps.data())).toEqual([1, 0, 3, 5]);
    tf.dispose([y, lengths, steps]);
  });
});
