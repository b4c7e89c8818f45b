import { describe, expect, it } from 'vitest';
import { preprocessLine, segmentCharacters } from './linePreprocess';
import { preprocessDrawing } from './preprocess';

/** A 40-high pad with filled rectangles [left, right) x [top, bottom). */
function pad(width: number, boxes: [number, number, number, number][]) {
  const height = 40;
  const pixels = new Float32Array(width * height);
  for (const [left, right, top, bottom] of boxes) {
    for (let y = top; y < bottom; y++) pixels.fill(1, y * width + left, y * width + right);
  }
  return { pixels, width, height };
}

describe('line preprocessing', () => {
  it('splits the ink at empty columns, left to right', () => {
    const image = pad(200, [
      [10, 30, 5, 35],
      [40, 50, 5, 35],
      [60, 80, 10, 30],
    ]);
    expect(segmentCharacters(image)).toEqual([
      { left: 10, right: 30 },
      { left: 40, right: 50 },
      { left: 60, right: 80 },
    ]);
  });

  it('cuts touching glyphs into equal cells about as wide as the ink is tall', () => {
    // 30 px tall, 72 px wide without a gap: three glyphs of 24 px.
    expect(segmentCharacters(pad(100, [[10, 82, 5, 35]]))).toEqual([
      { left: 10, right: 34 },
      { left: 34, right: 58 },
      { left: 58, right: 82 },
    ]);
    // As wide as tall: one glyph, not cut.
    expect(segmentCharacters(pad(100, [[10, 40, 5, 35]]))).toHaveLength(1);
  });

  it('places each character as the single-character pad would, every 28 px of 28x896', () => {
    const image = pad(200, [
      [10, 30, 5, 35],
      [60, 80, 10, 30],
    ]);
    const line = preprocessLine(image);
    if (!line) throw new Error('the pad has ink');
    expect(line.pixels).toHaveLength(28 * 896);
    expect(line.spans).toHaveLength(2);
    const second = preprocessDrawing(pad(20, [[0, 20, 10, 30]]));
    const cell = (x0: number) =>
      Array.from(
        { length: 28 * 28 },
        (_, i) => line.pixels[Math.floor(i / 28) * 896 + x0 + (i % 28)],
      );
    expect(cell(28)).toEqual(Array.from(second ?? []));
    expect(cell(56).every((v) => v === 0)).toBe(true);
    expect(Math.max(...cell(0))).toBeGreaterThan(0.9);
  });

  it('keeps at most 32 characters, and an empty pad gives null', () => {
    const boxes = Array.from({ length: 40 }, (_, i): [number, number, number, number] => [
      i * 10,
      i * 10 + 5,
      5,
      35,
    ]);
    expect(preprocessLine(pad(400, boxes))?.spans).toHaveLength(32);
    expect(preprocessLine(pad(50, []))).toBeNull();
  });
});
