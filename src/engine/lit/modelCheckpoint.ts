import { encodeCheckpoint } from '../checkpoint/format';
import type { CheckpointStore } from '../checkpoint/store';
import type { Metrics } from '../events';
import type { Callback } from './callback';
import type { Trainer } from './trainer';

export interface SavedCheckpoint {
  id: string;
  score: number;
  epoch: number;
  step: number;
}

export interface ModelCheckpointOptions {
  store: CheckpointStore;
  /** Folder-like prefix of the ids, one per run. */
  dirpath: string;
  monitor?: string;
  mode?: 'min' | 'max';
  saveTopK?: number;
}

/** Keeps the top k checkpoints by a monitored metric (the lab: top 5 by validation/loss, min). */
export class ModelCheckpoint implements Callback {
  readonly name = 'ModelCheckpoint';
  readonly monitor: string;
  readonly mode: 'min' | 'max';
  readonly saveTopK: number;
  private saved: SavedCheckpoint[] = [];

  constructor(private readonly options: ModelCheckpointOptions) {
    this.monitor = options.monitor ?? 'validation/loss';
    this.mode = options.mode ?? 'min';
    this.saveTopK = options.saveTopK ?? 5;
  }

  get bestCheckpoint(): SavedCheckpoint | undefined {
    return this.saved[0];
  }

  /** The most recently saved checkpoint still kept. */
  get latestCheckpoint(): SavedCheckpoint | undefined {
    return this.saved.reduce<SavedCheckpoint | undefined>(
      (latest, c) => (latest && latest.step >= c.step ? latest : c),
      undefined,
    );
  }

  get checkpoints(): readonly SavedCheckpoint[] {
    return this.saved;
  }

  private better(a: number, b: number): boolean {
    return this.mode === 'min' ? a < b : a > b;
  }

  async onValidationEnd(trainer: Trainer, epoch: number, metrics: Metrics): Promise<void> {
    const score = metrics[this.monitor];
    if (score === undefined || !Number.isFinite(score)) {
      // A non-finite score comes from a diverged state: never worth keeping.
      const what = score === undefined ? 'was not logged' : `is ${score}`;
      trainer.emit({
        type: 'log',
        level: 'warn',
        message: `ModelCheckpoint: metric '${this.monitor}' ${what}; nothing saved.`,
      });
      return;
    }
    const worst = this.saved[this.saved.length - 1];
    if (this.saved.length >= this.saveTopK && worst && !this.better(score, worst.score)) return;
    const metricTag = `${this.monitor.replace('/', '_')}=${score.toFixed(3)}`;
    const entry = {
      id: `${this.options.dirpath}/epoch=${String(epoch).padStart(4, '0')}-${metricTag}.ckpt`,
      score,
      epoch,
      step: trainer.globalStep,
    };
    const evicted = this.saved.length >= this.saveTopK ? this.saved.pop() : undefined;
    this.saved.push(entry);
    this.saved.sort((a, b) =>
      this.better(a.score, b.score) ? -1 : this.better(b.score, a.score) ? 1 : 0,
    );
    const checkpoint = await trainer.snapshot(metrics);
    await this.options.store.save(entry.id, encodeCheckpoint(checkpoint));
    trainer.emit({ type: 'checkpointSaved', id: entry.id, epoch, step: entry.step, metrics });
    if (evicted) {
      await this.options.store.remove(evicted.id);
      trainer.emit({ type: 'checkpointRemoved', id: evicted.id });
    }
  }

  stateDict(): unknown {
    return { saved: this.saved };
  }

  loadStateDict(state: unknown): void {
    const saved = (state as { saved?: SavedCheckpoint[] } | undefined)?.saved;
    if (saved) this.saved = [...saved];
  }
}
