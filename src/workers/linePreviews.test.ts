import { describe, expect, it } from 'vitest';
import { MAX_PREVIEW_LINES, previewOptions } from './linePreviews';

describe('line preview options', () => {
  it('defaults to MNIST glyphs (a fresh install has them) and the lab overlaps', () => {
    expect(previewOptions({ count: 3 })).toEqual({
      glyphSource: 'MNIST',
      minOverlap: 0,
      maxOverlap: 0.33,
      numTrain: 1,
      numVal: 1,
      numTest: MAX_PREVIEW_LINES,
    });
    expect(previewOptions({ count: 1, glyph_source: 'EMNIST', max_overlap: 0.5 })).toMatchObject({
      glyphSource: 'EMNIST',
      maxOverlap: 0.5,
    });
  });

  it('rejects bad counts and overlaps with the reason', () => {
    expect(() => previewOptions({ count: 0 })).toThrow(/count must be .* 1 to 16, got 0/);
    expect(() => previewOptions({ count: 2.5 })).toThrow(/count/);
    expect(() => previewOptions({ count: 2, min_overlap: 0.5, max_overlap: 0.2 })).toThrow(
      /min_overlap <= max_overlap/,
    );
    expect(() => previewOptions({ count: 2, max_overlap: 1 })).toThrow(/< 1/);
  });
});
