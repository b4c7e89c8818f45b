import { type ReactNode, useState } from 'react';
import { useStudio } from './store';

/** A series' name and colour, listed beside the chart's title. */
export interface LegendEntry {
  name: string;
  color: string;
}

/** The chart's numbers as a table: what a screen reader reads instead of the drawing. */
export interface ChartTable {
  columns: string[];
  /** Called only while the table is open, so a closed table costs nothing per update. */
  rows: () => string[][];
}

interface Props {
  label: string;
  legend?: LegendEntry[];
  points: number;
  /** The hint over the empty chart once a run started (before, it says how to start one). */
  empty: string;
  table: ChartTable;
  children: ReactNode;
}

/**
 * A chart's frame: fixed height so the page does not jump, and a hint over it while it is
 * empty. The legend is plain HTML: recharts' own measures itself in the DOM and redraws the
 * chart to make room, a second render on every update. The chart stays mounted, so the first
 * data point is an update, not a costly mount. The drawing is hidden from screen readers
 * (tick labels read one by one say nothing); its numbers are in a table under it.
 */
export function ChartFigure({ label, legend, points, empty, table, children }: Props) {
  const [tableOpen, setTableOpen] = useState(false);
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
        <div className="chart-plot" aria-hidden="true">
          {children}
        </div>
        {points === 0 && <EmptyHint whenRunning={empty} />}
      </div>
      <details className="chart-table" onToggle={(e) => setTableOpen(e.currentTarget.open)}>
        <summary>Data table</summary>
        {tableOpen && <DataTable label={label} table={table} />}
      </details>
    </figure>
  );
}

function DataTable({ label, table }: { label: string; table: ChartTable }) {
  const rows = table.rows();
  if (rows.length === 0) return <p className="muted small">No data yet.</p>;
  return (
    <div>
      <table>
        <caption className="sr-only">{label}</caption>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row[0]}>
              {row.map((cell, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the columns are fixed
                <td key={i}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Reads the run's status itself, so starting a run redraws the hint, not the chart. */
function EmptyHint({ whenRunning }: { whenRunning: string }) {
  const idle = useStudio((s) => s.run.status === 'idle');
  return <p className="empty chart-empty">{idle ? 'Click Train to start.' : whenRunning}</p>;
}
