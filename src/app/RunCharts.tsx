import { memo, useMemo } from 'react';
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
import { plotted, type Series } from './series';
import type { StudioState } from './state';
import { useStudio } from './store';
import { useThrottled } from './useThrottled';

/**
 * Each step chart redraws at most once a second, the two half a second apart: a recharts
 * redraw costs tens of milliseconds of main-thread time on a small machine, so each gets a
 * short task of its own. The store itself updates ten times a second.
 */
const CHART_INTERVAL_MS = 1000;

const axis = { stroke: 'var(--border-strong)', tick: { fill: 'var(--muted)', fontSize: 11 } };
const tooltip = {
  contentStyle: { background: 'var(--surface)', border: '1px solid var(--border)', fontSize: 12 },
  labelStyle: { color: 'var(--text)' },
};
const lr = (v: number) => v.toExponential(1);

/** Train loss by step, validation loss and accuracy by epoch, and the learning rate. */
export const RunCharts = memo(function RunCharts() {
  return (
    <div className="charts">
      <SeriesChart
        pick={pickTrainLoss}
        phaseMs={0}
        label="Training loss"
        name="train/loss"
        color="var(--series-1)"
        yWidth={44}
        format={(v) => v.toFixed(2)}
      />
      <ValidationChart />
      <SeriesChart
        pick={pickLearningRate}
        phaseMs={CHART_INTERVAL_MS / 2}
        label="Learning rate"
        name="lr"
        color="var(--series-4)"
        yWidth={52}
        format={lr}
      />
    </div>
  );
});

function useEmptyHint(whenRunning: string): string {
  const idle = useStudio((s) => s.run.status === 'idle');
  return idle ? 'Click Train to start.' : whenRunning;
}

type SeriesChartProps = Omit<StepChartProps, 'data' | 'empty'> & {
  pick: (state: StudioState) => Series;
  phaseMs: number;
};

/** A step series from the store, throttled on its own phase, drawn as a StepChart. */
function SeriesChart({ pick, phaseMs, ...chart }: SeriesChartProps) {
  const series = useThrottled(useStudio(pick), CHART_INTERVAL_MS, phaseMs);
  const data = useMemo(() => plotted(series), [series]);
  return <StepChart {...chart} data={data} empty={useEmptyHint('Waiting for the first steps…')} />;
}

const pickTrainLoss = (s: StudioState) => s.run.trainLoss;
const pickLearningRate = (s: StudioState) => s.run.learningRate;

/** Changes once per epoch, so it redraws on each change. */
function ValidationChart() {
  const validation = useStudio((s) => s.run.validation);
  const empty = useEmptyHint('Shown after each epoch.');
  return (
    <ChartFigure label="Validation metrics" points={validation.length} empty={empty}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={validation} margin={{ top: 8, right: 0, bottom: 4, left: 0 }}>
          <CartesianGrid stroke="var(--grid)" />
          <XAxis
            dataKey="epoch"
            type="number"
            domain={['dataMin', 'dataMax']}
            allowDecimals={false}
            {...axis}
          />
          <YAxis yAxisId="loss" width={44} {...axis} tickFormatter={(v: number) => v.toFixed(2)} />
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
  );
}

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
