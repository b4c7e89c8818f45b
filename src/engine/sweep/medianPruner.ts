/**
 * Median stopping rule (as Optuna's MedianPruner / Vizier): a trial is pruned at epoch e when its
 * monitored value is worse than the median of the values that earlier trials reported at epoch e.
 */
export class MedianPruner {
  readonly monitor: string;
  readonly mode: 'min' | 'max';
  readonly startupTrials: number;
  readonly warmupEpochs: number;
  /** Values of finished (completed or pruned) trials, by epoch. */
  private readonly finished: Map<number, number>[] = [];
  private current = new Map<number, number>();

  constructor(
    options: {
      monitor?: string;
      mode?: 'min' | 'max';
      startupTrials?: number;
      warmupEpochs?: number;
    } = {},
  ) {
    this.monitor = options.monitor ?? 'validation/loss';
    this.mode = options.mode ?? 'min';
    this.startupTrials = options.startupTrials ?? 1;
    this.warmupEpochs = options.warmupEpochs ?? 0;
  }

  beginTrial(): void {
    this.current = new Map();
  }

  /** Records the current trial's value at an epoch; true when the trial should be pruned now. */
  report(epoch: number, value: number): boolean {
    this.current.set(epoch, value);
    if (this.finished.length < this.startupTrials || epoch < this.warmupEpochs) return false;
    const median = this.medianAt(epoch);
    if (median === undefined) return false;
    // NaN is worse than any median: a diverging trial is pruned too.
    if (Number.isNaN(value)) return true;
    return this.mode === 'min' ? value > median : value < median;
  }

  /** The median of earlier trials' values at an epoch; undefined when none reached it. */
  medianAt(epoch: number): number | undefined {
    const values = this.finished
      .map((trial) => trial.get(epoch))
      .filter((v): v is number => v !== undefined && !Number.isNaN(v))
      .sort((a, b) => a - b);
    if (values.length === 0) return undefined;
    const mid = Math.floor(values.length / 2);
    return values.length % 2 === 1
      ? values[mid]
      : ((values[mid - 1] ?? 0) + (values[mid] ?? 0)) / 2;
  }

  /** How many earlier trials reported a value at an epoch. */
  trialsAt(epoch: number): number {
    return this.finished.filter((trial) => trial.has(epoch)).length;
  }

  /** Counts the current trial's values for later trials. */
  endTrial(): void {
    this.finished.push(this.current);
    this.current = new Map();
  }
}
