/** One plotted point: x is the global step (or epoch), y the value. */
export interface Point {
  x: number;
  y: number;
}

/**
 * A line that never holds more than `cap` points, however long the run: raw values are averaged
 * in buckets of `stride`, and when the line overflows, neighbouring points are merged in pairs
 * and the stride doubles. Charts then redraw in constant time on long runs.
 */
export interface Series {
  points: Point[];
  stride: number;
  /** The bucket being filled: plotted as the last point so the line stays live. */
  pending?: { x: number; sum: number; count: number };
}

export const SERIES_CAP = 500;

export const emptySeries: Series = { points: [], stride: 1 };

export function appendPoint(series: Series, x: number, y: number, cap = SERIES_CAP): Series {
  const sum = (series.pending?.sum ?? 0) + y;
  const count = (series.pending?.count ?? 0) + 1;
  if (count < series.stride) return { ...series, pending: { x, sum, count } };
  const points = [...series.points, { x, y: sum / count }];
  if (points.length <= cap) return { points, stride: series.stride };
  return { points: mergePairs(points), stride: series.stride * 2 };
}

function mergePairs(points: Point[]): Point[] {
  const merged: Point[] = [];
  for (let i = 0; i + 1 < points.length; i += 2) {
    merged.push({ x: points[i + 1].x, y: (points[i].y + points[i + 1].y) / 2 });
  }
  if (points.length % 2 === 1) merged.push(points[points.length - 1]);
  return merged;
}

/** The points a chart draws: the full buckets and the one being filled. */
export function plotted(series: Series): Point[] {
  const { pending } = series;
  if (!pending) return series.points;
  return [...series.points, { x: pending.x, y: pending.sum / pending.count }];
}
