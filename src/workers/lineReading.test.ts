import { describe, expect, it } from 'vitest';
import { readLine } from './lineReading';

const MAPPING = ['<B>', '<S>', '<E>', '<P>', 'a', 'b'];

/** One-hot-ish rows: the given token gets 0.7, the rest share 0.3. */
function outputs(tokens: number[]) {
  const classes = MAPPING.length;
  const probabilities = new Float32Array(tokens.length * classes).fill(0.3 / (classes - 1));
  tokens.forEach((token, t) => {
    probabilities[t * classes + token] = 0.7;
  });
  return { probabilities, steps: tokens.length, classes };
}

describe('readLine', () => {
  it('windows: one character per window, padding dropped, repeats kept', () => {
    const reading = readLine(outputs([4, 4, 5, 3, 3]), MAPPING, 'windows', 2);
    expect(reading.text).toBe('aab');
    expect(reading.positions.map((p) => p.step)).toEqual([0, 1, 2]);
    expect(reading.positions[2].top[0]).toMatchObject({ label: 'b', index: 5 });
    expect(reading.positions[2].top[0].probability).toBeCloseTo(0.7, 6);
    expect(reading.positions[2].top).toHaveLength(2);
  });

  it('ctc: repeats collapse, a blank between equal tokens keeps both', () => {
    const reading = readLine(outputs([0, 4, 4, 0, 4, 5, 5, 0]), MAPPING, 'ctc');
    expect(reading.text).toBe('aab');
    expect(reading.positions.map((p) => p.step)).toEqual([1, 4, 5]);
    expect(reading.decoding).toBe('ctc');
  });

  it('an all-padding line reads as empty text', () => {
    expect(readLine(outputs([3, 3]), MAPPING, 'windows')).toEqual({
      text: '',
      positions: [],
      decoding: 'windows',
    });
  });
});
