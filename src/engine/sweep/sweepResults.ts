/**
 * A sweep's trial results as the CLI's results.csv and the studio's table show them, and which
 * trial is best: only finished trials (completed or stopped early) with the monitored metric.
 */
import { csvText } from '../csvText';
import type { Metrics } from '../events';
import type { TrialParams } from './sweepPlan';

export interface TrialResult {
  index: number;
  runName: string;
  params: TrialParams;
  /** A finish reason, or 'error' when the trial failed. */
  status: string;
  /** Epochs validated. */
  epochs: number;
  metrics: Metrics;
  durationS: number;
  /** Its best checkpoint, when it saved one. */
  bestCheckpoint?: string;
}

export interface Ranking {
  monitor: string;
  mode: 'min' | 'max';
}

export const RESULT_METRICS = ['validation/loss', 'validation/acc', 'test/acc'];

export function resultsCsv(swept: string[], results: TrialResult[]): string {
  const header = ['trial', 'run', ...swept, 'status', 'epochs', ...RESULT_METRICS, 'duration_s'];
  const rows = results.map((r) => [
    r.index,
    r.runName,
    ...swept.map((f) => r.params[f]),
    r.status,
    r.epochs,
    ...RESULT_METRICS.map((m) => r.metrics[m]),
    r.durationS.toFixed(1),
  ]);
  return csvText(header, rows);
}

/** The best finished trial by the monitored metric; a pruned, stopped or failed one never is. */
export function bestTrial(
  results: TrialResult[],
  { monitor, mode }: Ranking,
): TrialResult | undefined {
  let best: TrialResult | undefined;
  for (const r of results) {
    const value = r.metrics[monitor];
    if ((r.status !== 'completed' && r.status !== 'earlyStopping') || !Number.isFinite(value))
      continue;
    const current = best?.metrics[monitor];
    if (current === undefined || (mode === 'max' ? value > current : value < current)) best = r;
  }
  return best;
}
