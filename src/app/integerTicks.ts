/**
 * Ticks for a step or epoch axis from `lo` to `hi`: multiples of 1, 2 or 5 times a power of
 * ten, at most `count` + 1 of them, never a fraction. The charts pass them to recharts with
 * its own nice-tick search off, which costs a chart redraw more than the rest of its axes.
 */
export function integerTicks(lo: number, hi: number, count = 4): number[] {
  if (!(Number.isFinite(lo) && Number.isFinite(hi)) || hi <= lo) {
    return Number.isFinite(lo) ? [lo] : [];
  }
  const raw = (hi - lo) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, ([1, 2, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude);
  const first = Math.ceil(lo / step) * step;
  // Counted, not stepped until past `hi`: where `step` is below a float's spacing at `lo` (a
  // crafted run's step numbers), `t += step` would never get there.
  const n = Math.min(count, Math.floor((hi - first) / step));
  return Array.from({ length: Math.max(0, n) + 1 }, (_, i) => first + i * step);
}
