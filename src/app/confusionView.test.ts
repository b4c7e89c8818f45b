import { describe, expect, it } from 'vitest';
import type { ErrorReport } from '../workers/protocol';
import { cellValues, classOrder, percent, shade } from './confusionView';

const accuracies = [0.5, null, 0.9, 0.2, 0.5];
const report = {
  perClass: accuracies.map((accuracy, index) => ({
    index,
    label: String(index),
    count: 1,
    predicted: 1,
    correct: 0,
    recall: accuracy,
    precision: null,
  })),
} as ErrorReport;

describe('confusion matrix view', () => {
  it('sorts classes by accuracy, ties in class order, classes without examples last', () => {
    expect(classOrder(report, 'class')).toEqual([0, 1, 2, 3, 4]);
    expect(classOrder(report, 'worst')).toEqual([3, 0, 4, 2, 1]);
    expect(classOrder(report, 'best')).toEqual([2, 0, 4, 3, 1]);
  });

  it('normalizes rows to fractions, leaving an empty row at zero', () => {
    const matrix = [
      [3, 1],
      [0, 0],
    ];
    expect(cellValues(matrix, false)).toEqual(matrix);
    expect(cellValues(matrix, true)).toEqual([
      [0.75, 0.25],
      [0, 0],
    ]);
  });

  it('shades on a square-root scale and formats percentages', () => {
    expect(shade(25, 100)).toBeCloseTo(0.5, 10);
    expect(shade(3, 0)).toBe(0);
    expect(percent(0.1234)).toBe('12.3%');
    expect(percent(null)).toBe('–');
  });
});
