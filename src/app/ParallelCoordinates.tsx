import type { SweepState } from '../workers/protocol';
import { ChartFigure } from './ChartFigure';
import { parallelCoordinates } from './parallelCoordinates';

const WIDTH = 640;
const HEIGHT = 240;
const PAD = { left: 56, right: 56, top: 16, bottom: 28 };

/** Best trials in the accent colour, the worst in orange; pruned ones dashed and grey. */
function strokeOf(rank: number, pruned: boolean): string {
  if (pruned) return 'var(--muted)';
  return `color-mix(in srgb, var(--accent) ${Math.round((1 - rank) * 100)}%, #e8590c)`;
}

/** Swept flags to the monitored metric, one line per trial: which values do well. */
export function ParallelCoordinates({ sweep }: { sweep: SweepState }) {
  const { axes, lines } = parallelCoordinates(
    sweep.swept,
    sweep.trials,
    sweep.results,
    sweep.monitor,
    sweep.mode,
  );
  const x = (i: number) =>
    PAD.left + (axes.length === 1 ? 0 : (i * (WIDTH - PAD.left - PAD.right)) / (axes.length - 1));
  const y = (v: number) => PAD.top + (1 - v) * (HEIGHT - PAD.top - PAD.bottom);
  const label = `Parallel coordinates: ${[...sweep.swept, sweep.monitor].join(', ')}`;
  return (
    <ChartFigure
      label={label}
      points={lines.length}
      empty="Each trial draws a line here once it has started."
      table={{
        columns: ['trial', ...sweep.swept, sweep.monitor, 'status'],
        rows: () =>
          sweep.results.map((r) => [
            String(r.index),
            ...sweep.swept.map((f) => String(r.params[f])),
            r.metrics[sweep.monitor] === undefined ? '–' : r.metrics[sweep.monitor].toFixed(4),
            r.status,
          ]),
      }}
    >
      <svg
        className="parallel-coordinates"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        height="100%"
      >
        <title>{label}</title>
        {axes.map((axis, i) => (
          <g key={axis.name}>
            <line x1={x(i)} x2={x(i)} y1={y(0)} y2={y(1)} className="pc-axis" />
            <text x={x(i)} y={HEIGHT - 8} textAnchor="middle" className="pc-name">
              {axis.name}
            </text>
            {axis.ticks.map((t) => (
              // The metric's ticks sit right of its axis, the others left: off the lines.
              <text
                key={t.label}
                x={i === axes.length - 1 ? x(i) + 5 : x(i) - 5}
                y={y(t.y) + 4}
                textAnchor={i === axes.length - 1 ? 'start' : 'end'}
                className="pc-tick"
              >
                {t.label}
              </text>
            ))}
          </g>
        ))}
        {lines.map((line) => (
          <polyline
            key={line.index}
            className="pc-line"
            data-trial={line.index}
            fill="none"
            stroke={strokeOf(line.rank, line.pruned)}
            strokeDasharray={line.pruned ? '4 3' : undefined}
            points={line.ys
              .flatMap((v, i) => (v === undefined ? [] : [`${x(i)},${y(v)}`]))
              .join(' ')}
          />
        ))}
      </svg>
    </ChartFigure>
  );
}
