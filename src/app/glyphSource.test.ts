import { describe, expect, it } from 'vitest';
import type { DatasetSummary } from '../workers/protocol';
import { availableGlyphSource, withAvailableGlyphs } from './glyphSource';

const dataset = (name: string, origin: DatasetSummary['origin']): DatasetSummary => ({
  name,
  origin,
  splits: {},
  mapping: [],
});
const fresh = [dataset('MNIST', 'bundled')];
const withEmnist = [...fresh, dataset('EMNIST', 'imported')];

describe('availableGlyphSource', () => {
  it('is EMNIST once imported, MNIST on a fresh install or before the list arrives', () => {
    expect(availableGlyphSource(withEmnist)).toBe('EMNIST');
    expect(availableGlyphSource(fresh)).toBe('MNIST');
    expect(availableGlyphSource(undefined)).toBe('MNIST');
  });
});

describe('withAvailableGlyphs', () => {
  it('fills in glyph_source for EMNISTLines runs that leave it out, nothing else', () => {
    expect(withAvailableGlyphs({ data_class: 'EMNISTLines' }, fresh)).toEqual({
      data_class: 'EMNISTLines',
      glyph_source: 'MNIST',
    });
    expect(withAvailableGlyphs({ data_class: 'EMNISTLines' }, withEmnist)).toEqual({
      data_class: 'EMNISTLines',
      glyph_source: 'EMNIST',
    });
    const chosen = { data_class: 'EMNISTLines', glyph_source: 'EMNIST' };
    expect(withAvailableGlyphs(chosen, fresh)).toBe(chosen);
    const mnist = { data_class: 'MNIST' };
    expect(withAvailableGlyphs(mnist, fresh)).toBe(mnist);
  });
});
