import { useId, useState } from 'react';
import type { ErrorReport } from '../workers/protocol';
import {
  cellValues,
  classOrder,
  percent,
  SORT_MODES,
  type SortMode,
  shade,
  shownLabel,
} from './confusionView';

/**
 * The confusion matrix as a heat map table: rows true classes, columns predicted, shaded by
 * value, with the exact numbers on hover, and each class's accuracy in the last column.
 */
export function ConfusionMatrix({ report }: { report: ErrorReport }) {
  const [normalize, setNormalize] = useState(false);
  const [sort, setSort] = useState<SortMode>('class');
  const ids = useId();
  const order = classOrder(report, sort);
  const values = cellValues(report.matrix, normalize);
  const max = Math.max(...values.flat());
  const label = (i: number) => shownLabel(report.labels[i]);

  return (
    <div className="confusion">
      <div className="confusion-controls">
        <label className="check">
          <input
            type="checkbox"
            checked={normalize}
            onChange={(e) => setNormalize(e.currentTarget.checked)}
          />
          Normalize rows
        </label>
        <label htmlFor={`${ids}-sort`}>Sort classes</label>
        <select
          id={`${ids}-sort`}
          value={sort}
          onChange={(e) => setSort(e.currentTarget.value as SortMode)}
        >
          {Object.entries(SORT_MODES).map(([mode, text]) => (
            <option key={mode} value={mode}>
              {text}
            </option>
          ))}
        </select>
      </div>
      <div className="table-wrap">
        <table className="confusion-table">
          <caption>Confusion matrix</caption>
          <thead>
            <tr>
              <th scope="col">
                <span className="sr-only">True class, predicted class</span>
                <span aria-hidden="true">true ↓ pred →</span>
              </th>
              {order.map((p) => (
                <th key={p} scope="col" className="mono">
                  {label(p)}
                </th>
              ))}
              <th scope="col" className="num" title="Share of the true class predicted right">
                Recall
              </th>
              <th
                scope="col"
                className="num"
                title="Share of the predictions of the class that are right"
              >
                Precision
              </th>
            </tr>
          </thead>
          <tbody>
            {order.map((t) => (
              <tr key={t}>
                <th scope="row" className="mono">
                  {label(t)}
                </th>
                {order.map((p) => {
                  const count = report.matrix[t][p];
                  const value = values[t][p];
                  const share = normalize ? ` (${percent(value)} of true ${label(t)})` : '';
                  const strength = shade(value, max);
                  return (
                    <td
                      key={p}
                      className={t === p ? 'cell diagonal' : 'cell'}
                      title={`true ${label(t)} → predicted ${label(p)}: ${count}${share}`}
                      style={{
                        background: `color-mix(in srgb, var(--heat) ${Math.round(strength * 100)}%, transparent)`,
                        color: strength > 0.55 ? 'var(--heat-text)' : undefined,
                      }}
                    >
                      {cellText(count, value, normalize)}
                    </td>
                  );
                })}
                <td className="num recall">{percent(report.perClass[t].recall)}</td>
                <td className="num precision">{percent(report.perClass[t].precision)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">
        Rows are the true classes, columns the predictions; the diagonal is correct. Recall is a
        class's accuracy (the diagonal over its row), precision the diagonal over its column.{' '}
        {normalize ? 'Cells show the percentage of each true class.' : 'Cells show counts.'} Hover a
        cell for its exact value.
      </p>
    </div>
  );
}

/** A cell's text: blank for none, the count, or a whole percentage ("<1" rather than "0"). */
function cellText(count: number, value: number, normalize: boolean): string {
  if (count === 0) return '';
  if (!normalize) return String(count);
  const rounded = Math.round(value * 100);
  return rounded === 0 ? '<1' : String(rounded);
}
