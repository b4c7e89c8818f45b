import { memo, useDeferredValue } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { ChartFigure } from './ChartFigure';
import { plotted } from './series';
import type { RunState } from './state';
import { useStudio } from './store';
import { useThrottled } from './useThrottled';

/** Charts redraw at most this often; the store itself updates ten times a second. */
const CHART_INTERVAL_MS = 500;

const axis = { stroke: 'var(--border-strong)', tick: { fill: 'var(--muted)', fontSize: 11 } };
const tooltip = {
  contentStyle: { background: 'var(--surface)', border: '1px solid var(--border)', fontSize: 12 },
  labelStyle: { color: 'var(--text)' },
};
const lr = (v: number) => v.toExponential(1);

/** Train loss by step, validation loss and accuracy by epoch, and the learning rate. */
export const RunCharts = memo(function RunCharts() {
  // Redrawing three recharts charts costs 50-80 ms of main-thread time on a small machine.
  // A deferred value renders them in a background transition, which React slices into short
  // tasks (and drops when newer data arrives); memo keeps the Run panel's frequent re-renders
  // (progress, log) from redrawing the charts synchronously.
  const run = useDeferredValue(
    useThrottled(
      useStudio((s) => s.run),
      CHART_INTERVAL_MS,
    ),
  );
  return <Charts run={run} />;
});

const Charts = memo(function Charts({ run }: { run: RunState }) {
  const loss = plotted(run.trainLoss);
  const rate = plotted(run.learningRate);
  const idle = run.status === 'idle' ? 'Click Train to start.' : 'Waiting for the first steps…';
  return (
    <div className="charts">
      <StepChart
        label="Training loss"
        name="train/loss"
        data={loss}
        empty={idle}
        color="var(--series-1)"
        yWidth={44}
        format={(v) => v.toFixed(2)}
      />
      <ChartFigure
        label="Validation metrics"
        points={run.validation.length}
        empty={run.status === 'idle' ? 'Click Train to start.' : 'Shown after each epoch.'}
      >
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={run.validation} margin={{ top: 8, right: 0, bottom: 4, left: 0 }}>
            <CartesianGrid stroke="var(--grid)" />
            <XAxis
              dataKey="epoch"
              type="number"
              domain={['dataMin', 'dataMax']}
              allowDecimals={false}
              {...axis}
            />
            <YAxis
              yAxisId="loss"
              width={44}
              {...axis}
              tickFormatter={(v: number) => v.toFixed(2)}
            />
            <YAxis yAxisId="acc" orientation="right" width={40} domain={[0, 1]} {...axis} />
            <Tooltip {...tooltip} labelFormatter={(x) => `epoch ${x}`} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Line
              yAxisId="loss"
              dataKey="loss"
              name="validation/loss"
              stroke="var(--series-2)"
              strokeWidth={2}
              isAnimationActive={false}
            />
            <Line
              yAxisId="acc"
              dataKey="acc"
              name="validation/acc"
              stroke="var(--series-3)"
              strokeWidth={2}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </ChartFigure>
      <StepChart
        label="Learning rate"
        name="lr"
        data={rate}
        empty={idle}
        color="var(--series-4)"
        yWidth={52}
        format={lr}
      />
    </div>
  );
});

interface StepChartProps {
  label: string;
  name: string;
  data: { x: number; y: number }[];
  empty: string;
  color: string;
  yWidth: number;
  format: (value: number) => string;
}

/** One series by optimizer step (training loss, learning rate). */
function StepChart({ label, name, data, empty, color, yWidth, format }: StepChartProps) {
  return (
    <ChartFigure label={label} points={data.length} empty={empty}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 12, bottom: 4, left: 0 }}>
          <CartesianGrid stroke="var(--grid)" />
          <XAxis dataKey="x" type="number" domain={['dataMin', 'dataMax']} {...axis} />
          <YAxis width={yWidth} {...axis} tickFormatter={format} />
          <Tooltip
            {...tooltip}
            labelFormatter={(x) => `step ${x}`}
            formatter={(v) => format(Number(v))}
          />
          <Line
            dataKey="y"
            name={name}
            stroke={color}
            dot={false}
            strokeWidth={2}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
