/**
 * A sweep's parallel-coordinates plot as numbers, apart from React so it is tested directly:
 * one vertical axis per swept flag and one for the monitored metric, each trial a line through
 * its values. Numeric axes are log-scaled when their values are positive and span a factor of
 * 10 or more; other values sit evenly in the order planned.
 */
import type { TrialParams } from '../engine/sweep/sweepPlan';
import type { TrialResult } from '../engine/sweep/sweepResults';

export interface Axis {
  name: string;
  /** The axis' labels, bottom to top, with their heights in [0, 1]. */
  ticks: { label: string; y: number }[];
}

export interface TrialLine {
  index: number;
  /** Heights in [0, 1], one per axis: the metric's last (undefined while it has none). */
  ys: (number | undefined)[];
  pruned: boolean;
  /** 0 for the best monitored value, 1 for the worst. */
  rank: number;
}

const label = (v: number | string | boolean) =>
  typeof v === 'number' ? Number(v.toPrecision(3)).toString() : String(v);

/** Where each value of one axis sits, and its ticks. */
function scale(values: (string | number | boolean)[]): {
  at: (v: string | number | boolean) => number;
  ticks: Axis['ticks'];
} {
  const numeric = values.length > 0 && values.every((v) => typeof v === 'number');
  if (!numeric) {
    const levels = [...new Set(values.map(String))];
    const at = (v: string | number | boolean) =>
      levels.length === 1 ? 0.5 : levels.indexOf(String(v)) / (levels.length - 1);
    return { at, ticks: levels.map((l) => ({ label: l, y: at(l) })) };
  }
  const nums = values as number[];
  const min = Math.min(...nums);
  const max = Math.max(...nums);
  const log = min > 0 && max / min >= 10;
  const f = (v: number) => (log ? Math.log(v) : v);
  const at = (v: string | number | boolean) =>
    max === min ? 0.5 : (f(Number(v)) - f(min)) / (f(max) - f(min));
  const ticks = [...new Set(max === min ? [min] : [min, ...(log ? [] : [(min + max) / 2]), max])];
  return { at, ticks: ticks.map((v) => ({ label: label(v), y: at(v) })) };
}

export function parallelCoordinates(
  swept: string[],
  trials: TrialParams[],
  results: TrialResult[],
  monitor: string,
  mode: 'min' | 'max',
): { axes: Axis[]; lines: TrialLine[] } {
  const scales = swept.map((flag) => scale(trials.map((t) => t[flag])));
  const scored = results.filter((r) => r.status !== 'error' && Number.isFinite(r.metrics[monitor]));
  const metricValues = scored.map((r) => r.metrics[monitor]);
  const metric = scale(metricValues);
  const order = [...metricValues].sort((a, b) => (mode === 'min' ? a - b : b - a));
  const axes = [
    ...swept.map((name, i) => ({ name, ticks: scales[i].ticks })),
    { name: monitor, ticks: metric.ticks },
  ];
  const lines = results
    .filter((r) => r.status !== 'error')
    .map((r) => {
      const value = r.metrics[monitor];
      const known = Number.isFinite(value);
      return {
        index: r.index,
        ys: [
          ...swept.map((flag, i) => scales[i].at(r.params[flag])),
          known ? metric.at(value) : undefined,
        ],
        pruned: r.status === 'pruned',
        rank: known && order.length > 1 ? order.indexOf(value) / (order.length - 1) : 0,
      };
    });
  return { axes, lines };
}
