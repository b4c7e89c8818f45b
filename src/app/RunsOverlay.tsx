import { useId, useMemo, useState } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { RunRecord } from '../engine/runs/runRecord';
import { ChartFigure } from './ChartFigure';
import { curve, metricNames, smooth, type XAxisKind } from './runsTable';

const COLORS = ['var(--series-1)', 'var(--series-2)', 'var(--series-3)', 'var(--series-4)'];
const X_LABELS: Record<XAxisKind, string> = { step: 'Step', epoch: 'Epoch', time: 'Wall time (s)' };

/** The selected runs' curves of one metric on one chart, with TensorBoard-style smoothing. */
export function RunsOverlay({ runs }: { runs: RunRecord[] }) {
  const names = useMemo(() => metricNames(runs), [runs]);
  const [metric, setMetric] = useState('train/loss');
  const [x, setX] = useState<XAxisKind>('step');
  const [smoothing, setSmoothing] = useState(0.6);
  const id = useId();
  const shown = names.includes(metric) ? metric : names[0];
  const series = useMemo(
    () =>
      runs.map((run, i) => ({
        run,
        color: COLORS[i % COLORS.length],
        points: smooth(curve(run, shown, x), smoothing),
      })),
    [runs, shown, x, smoothing],
  );
  return (
    <section className="runs-overlay" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Compare {runs.length} runs</h3>
      <div className="overlay-controls">
        <label>
          Metric{' '}
          <select value={shown} onChange={(e) => setMetric(e.target.value)}>
            {names.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
        <label>
          X axis{' '}
          <select value={x} onChange={(e) => setX(e.target.value as XAxisKind)}>
            {(Object.keys(X_LABELS) as XAxisKind[]).map((k) => (
              <option key={k} value={k}>
                {X_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Smoothing {smoothing.toFixed(2)}{' '}
          <input
            type="range"
            min={0}
            max={0.99}
            step={0.01}
            value={smoothing}
            onChange={(e) => setSmoothing(Number(e.target.value))}
          />
        </label>
      </div>
      <ChartFigure
        label={`${shown} by ${X_LABELS[x].toLowerCase()}`}
        legend={series.map((s) => ({ name: s.run.name, color: s.color }))}
        points={series.reduce((n, s) => n + s.points.length, 0)}
        empty="These runs have no values of this metric."
        table={{
          columns: ['run', X_LABELS[x], shown],
          rows: () =>
            series.flatMap((s) => s.points.map((p) => [s.run.name, String(p.x), p.y.toFixed(4)])),
        }}
      >
        <ResponsiveContainer width="100%" height="100%">
          <LineChart margin={{ top: 8, right: 8, bottom: 4, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid stroke="var(--grid)" />
            <XAxis
              dataKey="x"
              type="number"
              domain={['dataMin', 'dataMax']}
              stroke="var(--border-strong)"
            />
            <YAxis
              width={52}
              stroke="var(--border-strong)"
              tickFormatter={(v: number) => v.toPrecision(3)}
            />
            <Tooltip />
            {series.map((s) => (
              <Line
                key={s.run.id}
                data={s.points}
                dataKey="y"
                name={s.run.name}
                className="overlay-series"
                stroke={s.color}
                dot={false}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </ChartFigure>
    </section>
  );
}
