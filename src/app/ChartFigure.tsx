import type { ReactNode } from 'react';
import { useStudio } from './store';

/** A series' name and colour, listed beside the chart's title. */
export interface LegendEntry {
  name: string;
  color: string;
}

interface Props {
  label: string;
  legend?: LegendEntry[];
  points: number;
  /** The hint over the empty chart once a run started (before, it says how to start one). */
  empty: string;
  children: ReactNode;
}

/**
 * A chart's frame: fixed height so the page does not jump, and a hint over it while it is
 * empty. The legend is plain HTML: recharts' own measures itself in the DOM and redraws the
 * chart to make room, a second render on every update. The chart stays mounted, so the first
 * data point is an update, not a costly mount.
 */
export function ChartFigure({ label, legend, points, empty, children }: Props) {
  return (
    <figure className="chart" aria-label={label} data-points={points}>
      <figcaption>
        {label}
        {legend?.map(({ name, color }) => (
          <span key={name} className="chart-legend">
            <span className="chart-swatch" style={{ background: color }} aria-hidden="true" />
            {name}
          </span>
        ))}
      </figcaption>
      <div className="chart-body">
        {children}
        {points === 0 && <EmptyHint whenRunning={empty} />}
      </div>
    </figure>
  );
}

/** Reads the run's status itself, so starting a run redraws the hint, not the chart. */
function EmptyHint({ whenRunning }: { whenRunning: string }) {
  const idle = useStudio((s) => s.run.status === 'idle');
  return <p className="empty chart-empty">{idle ? 'Click Train to start.' : whenRunning}</p>;
}
