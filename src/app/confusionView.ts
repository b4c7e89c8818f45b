import type { ErrorReport } from '../workers/protocol';

// Pure: how the confusion matrix is ordered, counted and shaded; the table only renders it.

export const SORT_MODES = {
  class: 'Class order',
  worst: 'Recall, worst first',
  best: 'Recall, best first',
} as const;
export type SortMode = keyof typeof SORT_MODES;

/**
 * Row (and column) order as positions in the report's classes. Classes without test examples
 * (only ever predicted) have no recall (accuracy) and go last; ties keep class order.
 */
export function classOrder(report: ErrorReport, mode: SortMode): number[] {
  const order = report.perClass.map((_, i) => i);
  if (mode === 'class') return order;
  const sign = mode === 'worst' ? 1 : -1;
  return order.sort((a, b) => {
    const [x, y] = [report.perClass[a].recall, report.perClass[b].recall];
    if (x === null || y === null) return (x === null ? 1 : 0) - (y === null ? 1 : 0);
    return sign * (x - y) || a - b;
  });
}

/** Rows of counts, or of each true class's fractions when normalized (an empty row stays 0). */
export function cellValues(matrix: readonly (readonly number[])[], normalize: boolean): number[][] {
  return matrix.map((row) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((v) => (normalize && total > 0 ? v / total : v));
  });
}

/**
 * Shading in [0, 1] for a cell. Square root, so that the few confusions stay visible next to a
 * diagonal that holds most of the examples.
 */
export function shade(value: number, max: number): number {
  return max > 0 ? Math.sqrt(Math.max(0, value) / max) : 0;
}

/** Characters as the table shows them (a space is invisible). */
export function shownLabel(label: string): string {
  return label === ' ' ? '␣' : label;
}

export function percent(fraction: number | null): string {
  return fraction === null ? '–' : `${(fraction * 100).toFixed(1)}%`;
}
