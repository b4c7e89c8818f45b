/**
 * The studio's sweeps: trials planned as `npm run sweep` plans them, trained one after another
 * by the worker's TrainingSession (each a recorded run with its own checkpoints), pruned by the
 * median rule when asked, and the results table posted to the page after every validation.
 */
import { DEFAULT_DATA_CLASS } from '../engine/config';
import { errorMessage } from '../engine/errorMessage';
import { defaultRunName } from '../engine/experiment';
import type { Callback } from '../engine/lit/callback';
import { MedianPruner } from '../engine/sweep/medianPruner';
import { MedianPruning } from '../engine/sweep/medianPruning';
import { planSweep } from '../engine/sweep/planSweep';
import { bestTrial } from '../engine/sweep/sweepResults';
import type { SweepSettings, SweepState } from './protocol';
import type { Post } from './requestRouter';
import type { TrainingSession } from './trainingSession';

export class SweepSession {
  private state?: SweepState;
  private stopping = false;

  constructor(
    private readonly session: TrainingSession,
    private readonly post: Post,
  ) {}

  get running(): boolean {
    return this.state?.status === 'running';
  }

  /** Plans every trial (a bad value is refused before any trains), then runs them. */
  start(settings: SweepSettings): void {
    if (this.running || this.session.running) {
      this.post({
        type: 'error',
        task: 'sweep',
        message: 'A run or sweep is in progress: stop it (or wait for it to end) first.',
      });
      return;
    }
    let plan: ReturnType<typeof planSweep>;
    try {
      plan = planSweep(settings);
    } catch (error) {
      this.post({
        type: 'error',
        task: 'sweep',
        message: `The sweep cannot start: ${errorMessage(error)}`,
      });
      return;
    }
    this.stopping = false;
    const dataClass = String(settings.fixed.data_class ?? DEFAULT_DATA_CLASS);
    this.state = {
      dataClass,
      name: defaultRunName({ model_class: 'sweep', data_class: dataClass }),
      swept: plan.swept,
      method: plan.method,
      trials: plan.trials,
      results: [],
      monitor: settings.monitor,
      mode: settings.mode,
      prune: settings.prune,
      status: 'running',
    };
    void this.run(settings, plan.configs.length);
  }

  /** Ends the current trial after its step, and the sweep with it. */
  stop(): void {
    if (!this.running) return;
    this.stopping = true;
    this.session.stop();
  }

  private publish(change: Partial<SweepState>): void {
    this.state = { ...(this.state as SweepState), ...change };
    this.post({ type: 'sweep', sweep: this.state });
  }

  private async run(settings: SweepSettings, count: number): Promise<void> {
    const state = this.state as SweepState;
    const pruner = settings.prune
      ? new MedianPruner({ monitor: settings.monitor, mode: settings.mode })
      : undefined;
    this.publish({});
    for (let index = 0; index < count && !this.stopping; index++) {
      const params = state.trials[index];
      const runName = `${state.name}-trial-${index}`;
      const started = Date.now();
      const trial = {
        index,
        runName,
        params,
        status: 'running',
        epochs: 0,
        metrics: {},
        durationS: 0,
      };
      const done = (this.state as SweepState).results;
      this.publish({ results: [...done, trial] });
      // Each validation updates the trial's row as it trains.
      const progress: Callback = {
        name: 'SweepProgress',
        onValidationEnd: (_trainer, epoch, metrics) => {
          const durationS = (Date.now() - started) / 1000;
          this.publish({ results: [...done, { ...trial, epochs: epoch + 1, metrics, durationS }] });
        },
      };
      pruner?.beginTrial();
      const fixed = Object.fromEntries(
        Object.entries({ ...settings.fixed, ...params }).map(([k, v]) => [k, String(v)]),
      );
      const result = await this.session.start(fixed, undefined, {
        runName,
        callbacks: [...(pruner ? [new MedianPruning(pruner)] : []), progress],
      });
      pruner?.endTrial();
      const latest = (this.state as SweepState).results.at(-1) ?? trial;
      const results = [
        ...done,
        {
          ...latest,
          status: result?.finishReason ?? 'error',
          metrics: result ? result.metrics : latest.metrics,
          durationS: (Date.now() - started) / 1000,
          ...(result?.bestCheckpoint ? { bestCheckpoint: result.bestCheckpoint } : {}),
        },
      ];
      this.publish({ results, best: bestTrial(results, settings)?.index });
    }
    this.publish({ status: this.stopping ? 'stopped' : 'finished' });
  }
}
