import { describe, expect, it } from 'vitest';
import { MODEL_SIDE, preprocessDrawing } from './preprocess';

/** A pad of `size` with ink 1 on the given rectangle (x, y, width, height). */
function pad(size: number, rects: [number, number, number, number][]): Float32Array {
  const pixels = new Float32Array(size * size);
  for (const [x0, y0, w, h] of rects) {
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) pixels[y * size + x] = 1;
  }
  return pixels;
}

function stats(image: Float32Array) {
  let mass = 0;
  let mx = 0;
  let my = 0;
  let left = MODEL_SIDE;
  let right = -1;
  let top = MODEL_SIDE;
  let bottom = -1;
  for (let y = 0; y < MODEL_SIDE; y++) {
    for (let x = 0; x < MODEL_SIDE; x++) {
      const v = image[y * MODEL_SIDE + x];
      mass += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
      if (v > 0) {
        left = Math.min(left, x);
        right = Math.max(right, x);
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
      }
    }
  }
  return { cx: mx / mass, cy: my / mass, width: right - left + 1, height: bottom - top + 1 };
}

describe('preprocessDrawing', () => {
  it('returns null for an empty pad', () => {
    expect(
      preprocessDrawing({ pixels: new Float32Array(280 * 280), width: 280, height: 280 }),
    ).toBeNull();
    expect(
      preprocessDrawing({ pixels: new Uint8ClampedArray(100 * 50), width: 100, height: 50 }),
    ).toBeNull();
  });

  it('scales a square in a corner to 20x20 in the centre', () => {
    const out = preprocessDrawing({
      pixels: pad(280, [[10, 20, 100, 100]]),
      width: 280,
      height: 280,
    });
    expect(out).toHaveLength(784);
    const s = stats(out as Float32Array);
    expect([s.width, s.height]).toEqual([20, 20]);
    expect(s.cx).toBeCloseTo(14, 5);
    expect(s.cy).toBeCloseTo(14, 5);
    expect(Math.max(...(out as Float32Array))).toBeCloseTo(1, 5);
  });

  it('keeps a vertical bar thin, tall and centred (aspect ratio preserved)', () => {
    const out = preprocessDrawing({
      pixels: pad(200, [[150, 10, 20, 160]]),
      width: 200,
      height: 200,
    });
    const s = stats(out as Float32Array);
    expect(s.height).toBe(20);
    expect(s.width).toBe(3); // 20 * 20/160 = 2.5 px wide, rounded
    // Offsets are whole pixels, so an odd width lands half a pixel off.
    expect(Math.abs(s.cx - 14)).toBeLessThanOrEqual(0.5);
    expect(s.cy).toBeCloseTo(14, 5);
  });

  it('centres by mass, not by the bounding box', () => {
    // An L: the heavy vertical bar pulls the mass left of the bounding box's centre.
    const out = preprocessDrawing({
      pixels: pad(100, [
        [0, 0, 20, 100],
        [20, 90, 60, 10],
      ]),
      width: 100,
      height: 100,
    });
    const s = stats(out as Float32Array);
    expect(s.width).toBe(16);
    expect(s.cx).toBeCloseTo(14, 0);
    expect(s.cy).toBeCloseTo(14, 0);
  });

  it('is scale invariant: the same shape drawn small or big gives the same input', () => {
    const small = preprocessDrawing({
      pixels: pad(280, [
        [100, 100, 20, 40],
        [120, 130, 20, 10],
      ]),
      width: 280,
      height: 280,
    }) as Float32Array;
    const big = preprocessDrawing({
      pixels: pad(280, [
        [20, 20, 80, 160],
        [100, 140, 80, 40],
      ]),
      width: 280,
      height: 280,
    }) as Float32Array;
    let diff = 0;
    for (let i = 0; i < 784; i++) diff = Math.max(diff, Math.abs(small[i] - big[i]));
    expect(diff).toBeLessThan(1e-5);
  });

  it('reads bytes 0-255 like floats 0-1', () => {
    const floats = pad(60, [[5, 5, 30, 40]]);
    const bytes = Uint8ClampedArray.from(floats, (v) => v * 255);
    const a = preprocessDrawing({ pixels: floats, width: 60, height: 60 }) as Float32Array;
    const b = preprocessDrawing({ pixels: bytes, width: 60, height: 60 }) as Float32Array;
    expect(Array.from(b)).toEqual(Array.from(a));
  });
});
