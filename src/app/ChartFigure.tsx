import type { ReactNode } from 'react';

interface Props {
  label: string;
  points: number;
  empty: string;
  children: ReactNode;
}

/**
 * A chart's frame: fixed height so the page does not jump, and a hint over it while it is
 * empty. The chart stays mounted, so the first data point is an update, not a costly mount.
 */
export function ChartFigure({ label, points, empty, children }: Props) {
  return (
    <figure className="chart" aria-label={label} data-points={points}>
      <figcaption>{label}</figcaption>
      <div className="chart-body">
        {children}
        {points === 0 && <p className="empty chart-empty">{empty}</p>}
      </div>
    </figure>
  );
}
