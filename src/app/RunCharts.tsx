import { memo, useCallback, useMemo } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { AxisTick } from './AxisTick';
import { ChartFigure } from './ChartFigure';
import { integerTicks } from './integerTicks';
import { plotted, type Series } from './series';
import type { StudioState } from './state';
import { useThrottledStudio } from './useThrottledStudio';

/**
 * Each chart redraws at most once a second, each at its own phase of that second: a recharts
 * redraw costs tens of milliseconds of main-thread time on a small machine, so each gets a
 * short task of its own, apart from the store's updates (ten a second).
 */
const CHART_INTERVAL_MS = 1000;
const VALIDATION_PHASE_MS = CHART_INTERVAL_MS / 4;

/**
 * Axes that never measure text in the DOM: `interval: 0` keeps every tick recharts generates
 * (five by default) instead of measuring labels to thin them out, and `AxisTick` draws labels
 * without recharts' word-wrapping measurements. Both forced layouts on each redraw. recharts'
 * nice-tick search, in decimal arithmetic, is off: y ticks are d3's over the values' range,
 * x ticks come from `integerTicks`.
 */
const axis = {
  stroke: 'var(--border-strong)',
  tick: AxisTick,
  interval: 0,
  niceTicks: 'none',
} as const;

/**
 * An x axis over a whole run, `[0, last]`, or over the points drawn where the run's length is
 * unknown, with its ticks. Memoized on its ends: recharts redraws on each new ticks array.
 */
function useRunAxis(last: number, first: number | undefined, latest: number | undefined) {
  const [lo, hi] = last > 0 ? [0, last] : [first ?? 0, latest ?? 0];
  return useMemo(() => ({ domain: [lo, hi], ticks: integerTicks(lo, hi) }), [lo, hi]);
}

/**
 * Before the first point, a chart draws over one point without values: its x axis and grid are
 * then mounted already, and the first point updates them (that mount was the costliest redraw).
 */
const noSteps = [{ x: 0 }];
const noEpochs = [{ epoch: 0 }];

const tooltip = {
  contentStyle: { background: 'var(--surface)', border: '1px solid var(--border)', fontSize: 12 },
  labelStyle: { color: 'var(--text)' },
};
const lr = (v: number) => v.toExponential(1);
const twoDecimals = (v: number) => v.toFixed(2);
const epochLabel = (x: unknown) => `epoch ${x}`;
const stepLabel = (x: unknown) => `step ${x}`;

/** Train loss by step, validation loss and accuracy (or CER) by epoch, and the learning rate. */
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
        format={twoDecimals}
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

type SeriesChartProps = Omit<StepChartProps, 'data' | 'empty' | 'lastStep'> & {
  pick: (state: StudioState) => Series;
  phaseMs: number;
};

/** A step series from the store, throttled on its own phase, drawn as a StepChart. */
function SeriesChart({ pick, phaseMs, ...chart }: SeriesChartProps) {
  const series = useThrottledStudio(pick, CHART_INTERVAL_MS, phaseMs);
  const data = useMemo(() => plotted(series), [series]);
  const lastStep = useThrottledStudio(pickLastStep, CHART_INTERVAL_MS, phaseMs);
  return (
    <StepChart {...chart} data={data} lastStep={lastStep} empty="Waiting for the first steps…" />
  );
}

const pickTrainLoss = (s: StudioState) => s.run.trainLoss;
const pickLearningRate = (s: StudioState) => s.run.learningRate;
const pickLastStep = (s: StudioState) => s.run.maxEpochs * s.run.batchesPerEpoch;
const pickValidation = (s: StudioState) => s.run.validation;
const pickLastEpoch = (s: StudioState) => s.run.maxEpochs - 1;
/** From the flags, before its first validation; from the metrics, for a run restored without them. */
const pickCtc = (s: StudioState) =>
  s.run.config?.loss === 'ctc' || s.run.validation.some((v) => v.cer !== undefined);

const lossLegend = { name: 'validation/loss', color: 'var(--series-2)' };
/** The right axis: accuracy, or a CTC run's character error rate. */
const scoreLegend = {
  acc: { name: 'validation/acc', color: 'var(--series-3)' },
  cer: { name: 'validation/cer', color: 'var(--series-3)' },
};
const legends = {
  acc: [lossLegend, scoreLegend.acc],
  cer: [lossLegend, scoreLegend.cer],
};
const fixed = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(4));
/** CER may pass 1 (insertions); the axis then grows with it, to a whole number for round ticks. */
const cerDomain: [number, (max: number) => number] = [0, (max) => Math.max(1, Math.ceil(max))];

/** Loss (left axis) and accuracy or CER (right axis) by epoch, over every epoch of the run. */
function ValidationChart() {
  const validation = useThrottledStudio(pickValidation, CHART_INTERVAL_MS, VALIDATION_PHASE_MS);
  const lastEpoch = useThrottledStudio(pickLastEpoch, CHART_INTERVAL_MS, VALIDATION_PHASE_MS);
  const ctc = useThrottledStudio(pickCtc, CHART_INTERVAL_MS, VALIDATION_PHASE_MS);
  const metric = ctc ? 'cer' : 'acc';
  const epochs = useRunAxis(lastEpoch, validation[0]?.epoch, validation.at(-1)?.epoch);
  const score = scoreLegend[metric];
  return (
    <ChartFigure
      label="Validation metrics"
      legend={legends[metric]}
      points={validation.length}
      empty="Shown after each epoch."
      table={{
        columns: ['epoch', lossLegend.name, score.name],
        rows: () => validation.map((v) => [String(v.epoch), fixed(v.loss), fixed(v[metric])]),
      }}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart
          data={validation.length > 0 ? validation : noEpochs}
          margin={{ top: 8, right: 0, bottom: 4, left: 0 }}
          accessibilityLayer={false}
        >
          <CartesianGrid stroke="var(--grid)" />
          <XAxis
            dataKey="epoch"
            type="number"
            domain={epochs.domain}
            ticks={epochs.ticks}
            allowDecimals={false}
            {...axis}
          />
          <YAxis
            yAxisId="loss"
            width={44}
            domain={[0, 'auto']}
            {...axis}
            tickFormatter={twoDecimals}
          />
          <YAxis
            yAxisId="score"
            orientation="right"
            width={40}
            domain={metric === 'cer' ? cerDomain : [0, 1]}
            {...axis}
          />
          <Tooltip {...tooltip} labelFormatter={epochLabel} />
          <Line
            yAxisId="loss"
            dataKey="loss"
            name={lossLegend.name}
            stroke={lossLegend.color}
            strokeWidth={2}
            isAnimationActive={false}
          />
          <Line
            yAxisId="score"
            dataKey={metric}
            name={score.name}
            stroke={score.color}
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
  /** The run's last step, when known: the x axis spans the whole run from the start. */
  lastStep: number;
  name: string;
  data: { x: number; y: number }[];
  empty: string;
  color: string;
  yWidth: number;
  format: (value: number) => string;
}

/**
 * One series by optimizer step (training loss, learning rate). The axes span the whole run (x) and start at zero (y), so their ticks rarely change while
 * training: each change of ticks costs recharts a second render pass.
 */
function StepChart({ label, lastStep, name, data, empty, color, yWidth, format }: StepChartProps) {
  const steps = useRunAxis(lastStep, data[0]?.x, data.at(-1)?.x);
  const valueFormatter = useCallback((v: unknown) => format(Number(v)), [format]);
  return (
    <ChartFigure
      label={label}
      points={data.length}
      empty={empty}
      table={{ columns: ['step', name], rows: () => data.map((p) => [String(p.x), format(p.y)]) }}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart
          data={data.length > 0 ? data : noSteps}
          margin={{ top: 8, right: 12, bottom: 4, left: 0 }}
          accessibilityLayer={false}
        >
          <CartesianGrid stroke="var(--grid)" />
          <XAxis
            dataKey="x"
            type="number"
            domain={steps.domain}
            ticks={steps.ticks}
            allowDecimals={false}
            {...axis}
          />
          <YAxis width={yWidth} domain={[0, 'auto']} {...axis} tickFormatter={format} />
          <Tooltip {...tooltip} labelFormatter={stepLabel} formatter={valueFormatter} />
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
