import { describe, expect, it } from 'vitest';
import { createRng } from '../data/rng';
import { ctcBeamSearch } from './beamSearch';
import { CharNgram } from './charNgram';
import { greedyDecode } from './greedyDecode';

/** Log-softmax rows of random scores, peaked enough that best paths emit tokens. */
function randomLogProbs(steps: number, classes: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(steps * classes);
  for (let t = 0; t < steps; t++) {
    const row = Array.from({ length: classes }, () => 4 * rng.next());
    const total = Math.log(row.reduce((sum, v) => sum + Math.exp(v), 0));
    row.forEach((v, c) => {
      out[t * classes + c] = v - total;
    });
  }
  return out;
}

function argmaxPath(logProbs: Float32Array, classes: number): number[] {
  const path: number[] = [];
  for (let t = 0; t < logProbs.length / classes; t++) {
    const row = Array.from(logProbs.subarray(t * classes, (t + 1) * classes));
    path.push(row.indexOf(Math.max(...row)));
  }
  return path;
}

const logOf = (rows: number[][]) => Float32Array.from(rows.flat().map(Math.log));

describe('CTC beam search', () => {
  it('with width 1 decodes exactly as greedy, on 200 random sequences', () => {
    for (let seed = 0; seed < 200; seed++) {
      const classes = 3 + (seed % 6);
      const logProbs = randomLogProbs(5 + (seed % 30), classes, seed);
      const greedy = greedyDecode(argmaxPath(logProbs, classes), 0);
      expect(ctcBeamSearch(logProbs, classes, { blank: 0, width: 1 }), `seed ${seed}`).toEqual(
        greedy,
      );
    }
  });

  it('keeps a repeated token only across a blank', () => {
    // Best path a a _ a: "aa".
    const rows = [
      [0.1, 0.9],
      [0.1, 0.9],
      [0.9, 0.1],
      [0.1, 0.9],
    ];
    expect(ctcBeamSearch(logOf(rows), 2, { blank: 0, width: 4 })).toEqual([1, 1]);
    // Without the blank, no language model can make a doubled token of it.
    const doubles = new CharNgram(2, 2, [
      [1, 1],
      [1, 1, 1],
    ]);
    // A bonus per character high enough to pay for any doubling.
    const lm = { model: doubles, weight: 1, insertionBonus: 5 };
    expect(ctcBeamSearch(logOf(rows.slice(0, 2)), 2, { blank: 0, width: 4, lm })).toEqual([1]);
  });

  it('lets a character language model overrule an ambiguous glyph', () => {
    // Tokens: 0 blank, 1 'o', 2 '0', 3 'n'. The middle glyph is a little more '0' than 'o'.
    const rows = [
      [0.05, 0.05, 0.05, 0.85],
      [0.05, 0.45, 0.48, 0.02],
      [0.05, 0.05, 0.05, 0.85],
    ];
    const lm = new CharNgram(3, 4, [
      [3, 1, 3],
      [3, 1, 3, 1],
      [1, 3],
      [2, 2, 2],
    ]);
    const plain = ctcBeamSearch(logOf(rows), 4, { blank: 0, width: 4 });
    expect(plain).toEqual([3, 2, 3]);
    const withLm = ctcBeamSearch(logOf(rows), 4, {
      blank: 0,
      width: 4,
      lm: { model: lm, weight: 1, insertionBonus: 0 },
    });
    expect(withLm).toEqual([3, 1, 3]);
    // A language model that is not listened to changes nothing.
    expect(
      ctcBeamSearch(logOf(rows), 4, {
        blank: 0,
        width: 4,
        lm: { model: lm, weight: 0, insertionBonus: 0 },
      }),
    ).toEqual(plain);
  });

  it('refuses a width below 1', () => {
    expect(() => ctcBeamSearch(logOf([[0.5, 0.5]]), 2, { blank: 0, width: 0 })).toThrow(
      'Beam search needs a width of 1 or more, got 0.',
    );
  });
});

describe('CharNgram', () => {
  it('gives probabilities that sum to 1 over the vocabulary, seen context or not', () => {
    const lm = new CharNgram(3, 5, [
      [1, 2, 3, 1, 2, 4],
      [2, 3, 3, 0],
    ]);
    for (const history of [[], [1], [1, 2], [4, 4], [0, 1, 2]]) {
      let total = 0;
      for (let token = 0; token < 5; token++) total += Math.exp(lm.logProbability(history, token));
      expect(total, `after [${history}]`).toBeCloseTo(1, 12);
    }
    // After 1 2 the model has seen 3 and 4, each once; 3 also follows 2 elsewhere.
    expect(lm.logProbability([1, 2], 3)).toBeGreaterThan(lm.logProbability([1, 2], 0));
  });
});
