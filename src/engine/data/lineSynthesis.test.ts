import { describe, expect, it } from 'vitest';
import { EMNIST_MAPPING, PADDING } from './emnistMapping';
import { GlyphPool } from './glyphPool';
import {
  drawGlyphOffsets,
  LINE_HEIGHT,
  LINE_WIDTH,
  lineText,
  MAX_LINE_LENGTH,
  renderLine,
  synthesizeLines,
} from './lineSynthesis';
import { textCorpus } from './lineText';
import { createRng } from './rng';
import type { ImageSet } from './types';

const CHARS = ['a', 'b', 'c'];
const GLYPH = 28 * 28;

/** Glyph images of a, b, c: every pixel of a glyph is `ink`, `count` glyphs per character. */
function glyphSet(ink: number, count = 4): ImageSet {
  const n = CHARS.length * count;
  return {
    images: new Uint8Array(n * GLYPH).fill(ink),
    labels: Uint8Array.from({ length: n }, (_, i) => i % CHARS.length),
    count: n,
    height: 28,
    width: 28,
  };
}

const corpus = textCorpus(['abc ba cab a bb c abcabc bca ac ca b a cc aa bbb cba'], new Set(CHARS));
const options = { count: 200, minOverlap: 0, maxOverlap: 0.33, seed: 7 };

describe('line synthesis', () => {
  it('labels are the text as tokens, padded with <P> to 32', () => {
    const lines = synthesizeLines(corpus, new GlyphPool([glyphSet(200)], CHARS), options);
    expect(lines.labels).toHaveLength(200 * MAX_LINE_LENGTH);
    for (let i = 0; i < lines.count; i++) {
      const text = lineText(lines, i);
      const row = Array.from(lines.labels.subarray(i * 32, (i + 1) * 32));
      expect(text.length).toBeGreaterThan(0);
      expect(row.slice(0, text.length)).toEqual(Array.from(text, (c) => EMNIST_MAPPING.indexOf(c)));
      expect(row.slice(text.length).every((t) => t === PADDING)).toBe(true);
      expect(` ${corpus.text} `).toContain(` ${text} `);
    }
  });

  it('each line draws one overlap in [min, max]: stride 28 - floor(overlap * 28)', () => {
    const pool = new GlyphPool([glyphSet(200)], CHARS);
    const lines = synthesizeLines(corpus, pool, { ...options, count: 2000 });
    const strides = new Set(lines.strides);
    // floor(0.33 * 28) = 9: strides 19..28, each drawn.
    expect([...strides].sort((a, b) => a - b)).toEqual([19, 20, 21, 22, 23, 24, 25, 26, 27, 28]);
    const narrow = synthesizeLines(corpus, pool, {
      ...options,
      minOverlap: 0.25,
      maxOverlap: 0.25,
    });
    expect(new Set(narrow.strides)).toEqual(new Set([21]));
    expect(() =>
      synthesizeLines(corpus, pool, { ...options, minOverlap: 0.5, maxOverlap: 0.2 }),
    ).toThrow(/min_overlap <= max_overlap/);
  });

  it('renders 28 x 896, left-aligned, a space as a blank cell, overlaps clipped at 255', () => {
    const pool = new GlyphPool([glyphSet(200)], CHARS);
    const lines = synthesizeLines(corpus, pool, { ...options, count: 300 });
    let checkedOverlap = false;
    for (let i = 0; i < lines.count; i++) {
      const image = renderLine(lines, i);
      expect(image).toHaveLength(LINE_HEIGHT * LINE_WIDTH);
      const text = lineText(lines, i);
      const stride = lines.strides[i];
      const inkAt = (col: number) => image[14 * LINE_WIDTH + col];
      for (let cell = 0; cell < text.length; cell++) {
        const left = cell * stride;
        const char = text[cell];
        // Columns left + 28 - stride .. left + stride - 1 belong to this cell alone: blank for
        // a space, whatever its neighbours.
        if (char === ' ') expect(inkAt(left + 28 - stride)).toBe(0);
        else expect(inkAt(left + 27)).toBeGreaterThanOrEqual(200);
        const next = text[cell + 1];
        if (stride < 28 && char !== ' ' && next !== undefined && next !== ' ') {
          // Both glyphs cover column left + stride: 200 + 200 = 400 clips to 255, where uint8
          // addition would wrap to 144.
          expect(inkAt(left + stride)).toBe(255);
          checkedOverlap = true;
        }
      }
      // Nothing right of the last cell.
      const end = (text.length - 1) * stride + 28;
      expect(
        image
          .subarray(0, LINE_WIDTH)
          .subarray(end)
          .every((v) => v === 0),
      ).toBe(true);
    }
    expect(checkedOverlap).toBe(true);
  });

  it('is deterministic for a seed: the same text, overlaps, glyphs and pixels', () => {
    // Distinct glyph images, so that a different glyph choice shows in the pixels.
    const set = glyphSet(0, 8);
    for (let i = 0; i < set.count; i++) set.images.fill(10 + i, i * GLYPH, (i + 1) * GLYPH);
    const pool = new GlyphPool([set], CHARS);
    const [a, b, c] = [7, 7, 8].map((seed) => synthesizeLines(corpus, pool, { ...options, seed }));
    expect(a.labels).toEqual(b.labels);
    expect(a.glyphs).toEqual(b.glyphs);
    expect(a.strides).toEqual(b.strides);
    expect(renderLine(a, 5)).toEqual(renderLine(b, 5));
    expect(a.labels).not.toEqual(c.labels);
  });

  it('jitters glyphs by their offsets: along the line and up or down, losing the rows that leave', () => {
    // One glyph per cell with ink 100 apart from its own first row (ink 50), no overlap.
    const set = glyphSet(100);
    for (let g = 0; g < set.count; g++) set.images.fill(50, g * GLYPH, g * GLYPH + 28);
    const lines = synthesizeLines(corpus, new GlyphPool([set], CHARS), {
      ...options,
      maxOverlap: 0,
    });
    const line = Array.from({ length: lines.count }, (_, i) => i).find(
      (i) => !lineText(lines, i).includes(' ') && lineText(lines, i).length >= 3,
    ) as number;
    const plain = renderLine(lines, line);
    const zero = { dx: new Int8Array(32), dy: new Int8Array(32) };
    expect(renderLine(lines, line, undefined, zero)).toEqual(plain);
    const pixel = (image: Uint8Array, r: number, c: number) => image[r * LINE_WIDTH + c];
    // The second glyph 3 px right: its left edge moves from column 28 to 31.
    const right = renderLine(lines, line, undefined, { ...zero, dx: Int8Array.of(0, 3) });
    expect(pixel(plain, 5, 28)).toBe(100);
    expect(pixel(right, 5, 28)).toBe(0);
    expect(pixel(right, 5, 31)).toBe(100);
    // The first glyph 2 px down: its first row (50) lands on row 2, rows 26-27 go.
    const down = renderLine(lines, line, undefined, { ...zero, dy: Int8Array.of(2) });
    expect([0, 1, 2, 3].map((r) => pixel(down, r, 5))).toEqual([0, 0, 50, 100]);
    expect(pixel(down, 27, 5)).toBe(100);
    // A glyph never leaves the line sideways.
    const first = renderLine(lines, line, undefined, { ...zero, dx: Int8Array.of(-5) });
    expect(pixel(first, 5, 0)).toBe(100);
  });

  it('draws offsets within their bounds, reaching both ends, the same for a seed', () => {
    const draws = Array.from({ length: 50 }, () => drawGlyphOffsets(createRng(3), 2, 1));
    const one = drawGlyphOffsets(createRng(3), 2, 1);
    expect(draws[49]).toEqual(one);
    const many = drawGlyphOffsets(createRng(4), 2, 1);
    const values = [...Array.from(one.dx), ...Array.from(many.dx)];
    expect(Math.min(...values)).toBe(-2);
    expect(Math.max(...values)).toBe(2);
    expect(new Set([...one.dy, ...many.dy])).toEqual(new Set([-1, 0, 1]));
  });
});
