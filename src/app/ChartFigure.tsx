import type { ReactNode } from 'react';

interface Props {
  label: string;
  points: number;
  empty: string;
  children: ReactNode;
}

/** A chart's frame: fixed height so the page does not jump, and a hint while it is empty. */
export function ChartFigure({ label, points, empty, children }: Props) {
  return (
    <figure className="chart" aria-label={label} data-points={points}>
      <figcaption>{label}</figcaption>
      <div className="chart-body">{points > 0 ? children : <p className="empty">{empty}</p>}</div>
    </figure>
  );
}
