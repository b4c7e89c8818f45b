import type { BaseTickContentProps } from 'recharts';

/** recharts' own `Text` offsets, so the labels sit where its default ticks would. */
const dy = { start: '0.71em', middle: '0.355em', end: 0 } as const;

/**
 * An axis label as a bare SVG `text`. recharts' default tick measures every label in the DOM
 * (to wrap words) on each redraw, forcing a layout per label: with a chart redrawing while
 * training, that made main-thread long tasks.
 */
export function AxisTick({
  x,
  y,
  textAnchor,
  verticalAnchor,
  payload,
  tickFormatter,
  index,
}: BaseTickContentProps) {
  const text = tickFormatter ? tickFormatter(payload.value, index) : String(payload.value);
  return (
    <text
      x={x}
      y={y}
      dy={dy[verticalAnchor]}
      textAnchor={textAnchor}
      fill="var(--muted)"
      fontSize={11}
      className="recharts-cartesian-axis-tick-value"
    >
      {text}
    </text>
  );
}
