import { describe, expect, it } from 'vitest';
import { digitCorpus, sampleLineText, textCorpus } from './lineText';
import { createRng } from './rng';

const letters = new Set('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');

describe('line text', () => {
  it('keeps only drawable characters and single spaces', () => {
    const corpus = textCorpus(['"Hard-fought," he said.', "  It's\tover!  "], letters);
    expect(corpus.text).toBe('Hardfought he said Its over');
    expect(Array.from(corpus.wordStarts)).toEqual([0, 11, 14, 19, 23]);
    expect(Array.from(corpus.wordEnds)).toEqual([10, 13, 18, 22, 27]);
    expect(corpus.shortestWord).toBe(2);
  });

  it('cuts lines at word boundaries, at most the maximum length, of varied lengths', () => {
    const words =
      'the quick brown fox jumps over a lazy dog while seven extraordinarily long words wait';
    const corpus = textCorpus([words], letters);
    const rng = createRng(3);
    const lengths = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const line = sampleLineText(corpus, rng, 16);
      expect(line.length).toBeLessThanOrEqual(16);
      lengths.add(line.length);
      // Whole words only: the line starts at a word start and ends at a word end of the text.
      const at = ` ${corpus.text} `.indexOf(` ${line} `);
      expect(at, line).toBeGreaterThanOrEqual(0);
    }
    expect(lengths.size).toBeGreaterThan(8);
    // 'extraordinarily' (15) fits 16 alone; with 10 it is drawn again, never cut.
    for (let i = 0; i < 200; i++) expect(sampleLineText(corpus, rng, 10)).not.toMatch(/extraord/);
  });

  it('is deterministic for a seed and refuses a corpus whose words never fit', () => {
    const corpus = textCorpus(['one two three four five six seven eight nine ten'], letters);
    const draw = (seed: number) => {
      const rng = createRng(seed);
      return Array.from({ length: 20 }, () => sampleLineText(corpus, rng, 12));
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    expect(() => sampleLineText(corpus, createRng(1), 2)).toThrow(/no word of at most 2/);
  });

  it('digit corpus: groups of 1 to 6 digits, every digit used', () => {
    const corpus = digitCorpus(createRng(4), 2000);
    expect(corpus.text).toMatch(/^[0-9]+( [0-9]+)*$/);
    const groups = corpus.text.split(' ');
    expect(groups).toHaveLength(2000);
    expect(new Set(groups.map((g) => g.length))).toEqual(new Set([1, 2, 3, 4, 5, 6]));
    expect(new Set(corpus.text.replaceAll(' ', '')).size).toBe(10);
  });
});
