import { describe, expect, it } from 'vitest';
import {
  addLineErrors,
  editDistance,
  greedyDecode,
  tallyCharacterErrors,
  unpad,
  words,
} from './greedyDecode';

const tokens = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

describe('greedy CTC decoding and character error rate', () => {
  it('collapses repeats, then drops blanks (a blank between equal tokens keeps both)', () => {
    expect(greedyDecode([0, 5, 5, 0, 5, 6, 6, 0, 0], 0)).toEqual([5, 5, 6]);
    expect(greedyDecode([5, 5, 5], 0)).toEqual([5]);
    expect(greedyDecode([0, 0], 0)).toEqual([]);
    expect(greedyDecode([], 0)).toEqual([]);
  });

  it('edit distance counts insertions, deletions and substitutions', () => {
    expect(editDistance(tokens('kitten'), tokens('sitting'))).toBe(3);
    expect(editDistance(tokens(''), tokens('abc'))).toBe(3);
    expect(editDistance(tokens('abc'), tokens(''))).toBe(3);
    expect(editDistance(tokens('flaw'), tokens('lawn'))).toBe(2);
    expect(editDistance(tokens('same'), tokens('same'))).toBe(0);
  });

  it('unpad stops at the first padding token', () => {
    expect(unpad([7, 8, 3, 9, 3], 3)).toEqual([7, 8]);
    expect(unpad([3, 7], 3)).toEqual([]);
  });

  it('sums edits and reference lengths over a batch (CER = edits / chars)', () => {
    // Row 0 decodes to [5, 6] against [5, 6]: 0 edits. Row 1 decodes to [5] against [6, 6]:
    // one substitution and one deletion. Padding (3) ends each label.
    const paths = Int32Array.from([0, 5, 0, 6, 6, 5, 5, 0, 0, 0]);
    const labels = Int32Array.from([5, 6, 3, 6, 6, 3]);
    const tally = tallyCharacterErrors(paths, labels, 2, { blank: 0, padding: 3, space: 9 });
    // One word each; row 1's is wrong.
    expect(tally).toEqual({ edits: 2, chars: 4, wordEdits: 1, words: 2 });
  });

  it('splits words at spaces, however many, and counts word edits (WER = wordEdits / words)', () => {
    const space = 9;
    expect(words([9, 5, 6, 9, 9, 7, 9], space)).toEqual(['5,6', '7']);
    expect(words([], space)).toEqual([]);
    const tally = { edits: 0, chars: 0, wordEdits: 0, words: 0 };
    // "ab cd ef" read as "ab cx ef g": one substitution and one insertion in 3 words.
    addLineErrors(tally, [1, 2, 9, 3, 8, 9, 5, 6, 9, 7], [1, 2, 9, 3, 4, 9, 5, 6], space);
    expect(tally).toEqual({ edits: 3, chars: 8, wordEdits: 2, words: 3 });
  });
});
