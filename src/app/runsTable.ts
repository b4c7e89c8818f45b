/**
 * The Runs view's numbers, apart from React so they are tested directly: one row per run,
 * sorting and filtering, curves to overlay with TensorBoard's smoothing, the flags that differ
 * between runs, and the table and a run's metrics as CSV.
 */
import { csvText } from '../engine/csvText';
import { OUTCOME_TEXT, type RunRecord } from '../engine/runs/runRecord';

export interface RunRow {
  id: string;
  name: string;
  data: string;
  model: string;
  /** Key flags: epochs, batch size, learning rate. */
  flags: string;
  backend: string;
  samplesPerSec?: number;
  durationS?: number;
  bestValLoss?: number;
  bestValAcc?: number;
  testAcc?: number;
  status: string;
  tags: string[];
  startedAt: number;
}

export type SortKey =
  | 'startedAt'
  | 'name'
  | 'samplesPerSec'
  | 'durationS'
  | 'bestValLoss'
  | 'bestValAcc'
  | 'testAcc';

function best(record: RunRecord, metric: string, pick: (...v: number[]) => number) {
  const values = record.epochs
    .map((e) => e.metrics[metric])
    .filter((v): v is number => Number.isFinite(v));
  return values.length ? pick(...values) : undefined;
}

export function runRow(record: RunRecord): RunRow {
  const c = record.config;
  const lastMs = record.epochs.at(-1)?.ms ?? record.trainLoss.at(-1)?.[1];
  // Imported CLI logs keep no times.
  const durationMs =
    record.endedAt !== undefined
      ? record.endedAt - record.startedAt
      : record.origin === 'imported'
        ? undefined
        : lastMs;
  return {
    id: record.id,
    name: record.name,
    data: String(c.data_class ?? '–'),
    model: String(c.model_class ?? '–'),
    flags: `${c.max_epochs ?? '?'} ep · batch ${c.batch_size ?? '?'} · lr ${c.lr ?? '?'}`,
    backend: record.hardware?.backend ?? String(c.backend ?? '–'),
    samplesPerSec: record.samplesPerSec,
    durationS: durationMs === undefined ? undefined : durationMs / 1000,
    bestValLoss: best(record, 'validation/loss', Math.min),
    bestValAcc: best(record, 'validation/acc', Math.max),
    testAcc: record.test?.['test/acc'],
    status: OUTCOME_TEXT[record.status],
    tags: record.tags,
    startedAt: record.startedAt,
  };
}

/** Sorted by `key`; runs without the value go last either way. */
export function sortRows(rows: RunRow[], key: SortKey, descending: boolean): RunRow[] {
  return [...rows].sort((a, b) => {
    const x = a[key];
    const y = b[key];
    if (x === undefined || y === undefined) return x === undefined ? (y === undefined ? 0 : 1) : -1;
    const order = typeof x === 'string' ? x.localeCompare(String(y)) : x - (y as number);
    return descending ? -order : order;
  });
}

/** Every word must appear in the row's name, classes, flags, backend, status or tags. */
export function filterRows(rows: RunRow[], query: string): RunRow[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return rows;
  return rows.filter((row) => {
    const text = [
      row.name,
      row.id,
      row.data,
      row.model,
      row.flags,
      row.backend,
      row.status,
      ...row.tags,
    ]
      .join(' ')
      .toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

export type XAxisKind = 'step' | 'epoch' | 'time';

export interface CurvePoint {
  x: number;
  y: number;
}

/** The metrics a record has: train/loss per step and each epoch metric. */
export function metricNames(records: RunRecord[]): string[] {
  const names = new Set<string>(['train/loss']);
  for (const r of records)
    for (const e of r.epochs) for (const k of Object.keys(e.metrics)) names.add(k);
  return [...names].sort();
}

/**
 * `metric` of one run against `x`. train/loss comes from the per-step buckets (so by epoch it is
 * the epoch's step count, fractional); the others from the epochs. Time is in seconds.
 */
export function curve(record: RunRecord, metric: string, x: XAxisKind): CurvePoint[] {
  const perEpoch = Math.max(1, record.batchesPerEpoch);
  if (metric === 'train/loss' && record.trainLoss.length > 0) {
    return record.trainLoss.map(([step, ms, mean]) => ({
      x: x === 'step' ? step : x === 'epoch' ? step / perEpoch : ms / 1000,
      y: mean,
    }));
  }
  return record.epochs
    .filter((e) => Number.isFinite(e.metrics[metric]))
    .map((e) => ({
      x: x === 'step' ? e.step : x === 'epoch' ? e.epoch : e.ms / 1000,
      y: e.metrics[metric],
    }));
}

/**
 * TensorBoard's scalar smoothing: an exponential moving average with weight `weight` (0-1),
 * debiased so the first points are not pulled towards zero.
 */
export function smooth(points: CurvePoint[], weight: number): CurvePoint[] {
  if (weight <= 0) return points;
  let last = 0;
  let count = 0;
  return points.map((p) => {
    last = last * weight + (1 - weight) * p.y;
    count++;
    const debias = weight === 1 ? 1 : 1 - weight ** count;
    return { x: p.x, y: last / debias };
  });
}

/** The flags whose values differ between the runs, each with every run's value. */
export function configDiff(records: RunRecord[]): { flag: string; values: string[] }[] {
  const flags = new Set(records.flatMap((r) => Object.keys(r.config)));
  const rows: { flag: string; values: string[] }[] = [];
  for (const flag of [...flags].sort()) {
    const values = records.map((r) => (flag in r.config ? String(r.config[flag]) : '–'));
    if (new Set(values).size > 1) rows.push({ flag, values });
  }
  return rows;
}

export function runsCsv(rows: RunRow[]): string {
  return csvText(
    [
      'run',
      'name',
      'data_class',
      'model_class',
      'flags',
      'backend',
      'samples_per_s',
      'duration_s',
      'best_validation_loss',
      'best_validation_acc',
      'test_acc',
      'status',
      'tags',
    ],
    rows.map((r) => [
      r.id,
      r.name,
      r.data,
      r.model,
      r.flags,
      r.backend,
      r.samplesPerSec,
      r.durationS,
      r.bestValLoss,
      r.bestValAcc,
      r.testAcc,
      r.status,
      r.tags.join(' '),
    ]),
  );
}

/** A run's metrics in CSVLogger's layout: a row per logged step, `epoch` and `step` columns. */
export function runMetricsCsv(record: RunRecord): string {
  const perEpoch = Math.max(1, record.batchesPerEpoch);
  const rows: Record<string, number>[] = record.trainLoss.map(([step, , mean]) => ({
    'train/loss_step': mean,
    epoch: Math.floor((step - 1) / perEpoch),
    step,
  }));
  for (const e of record.epochs) rows.push({ ...e.metrics, epoch: e.epoch, step: e.step });
  if (record.test) rows.push({ ...record.test, step: record.epochs.at(-1)?.step ?? 0 });
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))]
    .filter((k) => k !== 'epoch' && k !== 'step')
    .sort();
  const header = ['epoch', 'step', ...keys];
  return csvText(
    header,
    rows.map((r) => header.map((k) => r[k])),
  );
}
