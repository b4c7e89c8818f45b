import { assertRunName, checkpointId, isCheckpointIdOf } from '../checkpoint/checkpointId';
import { encodeCheckpoint } from '../checkpoint/format';
import type { CheckpointStore } from '../checkpoint/store';
import type { Metrics } from '../events';
import { type Callback, stateKeyOf } from './callback';
import type { Trainer } from './trainer';

export interface SavedCheckpoint {
  id: string;
  score: number;
  epoch: number;
  step: number;
}

export interface ModelCheckpointOptions {
  store: CheckpointStore;
  /** Folder-like prefix of the ids, one per run: a run name. */
  dirpath: string;
  monitor?: string;
  mode?: 'min' | 'max';
  saveTopK?: number;
}

const isCount = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0;

/** Why a `saved` entry of a loaded state is not a checkpoint of run `dirpath`, or undefined. */
function savedEntryProblem(entry: unknown, dirpath: string): string | undefined {
  if (typeof entry !== 'object' || entry === null) return 'not an object';
  const { id, score, epoch, step } = entry as Record<string, unknown>;
  if (!isCheckpointIdOf(id, dirpath)) return `id is not a checkpoint of run "${dirpath}"`;
  if (typeof score !== 'number' || !Number.isFinite(score)) return 'score is not a finite number';
  if (!isCount(epoch) || !isCount(step)) return 'epoch or step is not a whole number >= 0';
  return undefined;
}

/**
 * Keeps the top k checkpoints by a monitored metric (the lab: top 5 by validation/loss, min).
 * It only ever evicts ids it saved itself or, from the state of the checkpoint being resumed,
 * validated as checkpoints of this run: a hostile state cannot make it delete anything else.
 */
export class ModelCheckpoint implements Callback {
  readonly name = 'ModelCheckpoint';
  readonly savesCheckpoints = true;
  readonly monitor: string;
  readonly mode: 'min' | 'max';
  readonly saveTopK: number;
  private saved: SavedCheckpoint[] = [];
  /** Problems with the loaded state, logged once the run starts (loading has no event sink). */
  private droppedFromState: string[] = [];

  constructor(private readonly options: ModelCheckpointOptions) {
    assertRunName(options.dirpath, 'ModelCheckpoint');
    this.monitor = options.monitor ?? 'validation/loss';
    this.mode = options.mode ?? 'min';
    this.saveTopK = options.saveTopK ?? 5;
  }

  get stateKey(): string {
    return stateKeyOf(this.name, { monitor: this.monitor, mode: this.mode });
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

  private sortSaved(): void {
    this.saved.sort((a, b) =>
      this.better(a.score, b.score) ? -1 : this.better(b.score, a.score) ? 1 : 0,
    );
  }

  /**
   * Reports state entries dropped as not this run's, then keeps only the checkpoints this store
   * holds: a resumed run may write into another folder than the one its checkpoint came from,
   * and leaves the others where they are.
   */
  async onFitStart(trainer: Trainer): Promise<void> {
    const dropped = this.droppedFromState;
    this.droppedFromState = [];
    if (dropped.length > 0) {
      const more = dropped.length > 5 ? `; and ${dropped.length - 5} more` : '';
      trainer.emit({
        type: 'log',
        level: 'warn',
        message:
          `ModelCheckpoint: ignored ${dropped.length} saved checkpoint(s) listed in the resumed ` +
          `state, which will never be removed: ${dropped.slice(0, 5).join('; ')}${more}.`,
      });
    }
    const present: SavedCheckpoint[] = [];
    for (const entry of this.saved) if (await this.options.store.has(entry.id)) present.push(entry);
    const elsewhere = this.saved.length - present.length;
    if (elsewhere > 0) {
      trainer.emit({
        type: 'log',
        level: 'info',
        message: `ModelCheckpoint: ${elsewhere} earlier checkpoint${elsewhere === 1 ? ' is' : 's are'} not in ${this.options.store.describe(this.options.dirpath)}; kept where ${elsewhere === 1 ? 'it is' : 'they are'} and not managed by this run.`,
      });
    }
    this.saved = present;
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
      id: checkpointId(
        this.options.dirpath,
        `epoch=${String(epoch).padStart(4, '0')}-${metricTag}.ckpt`,
      ),
      score,
      epoch,
      step: trainer.globalStep,
    };
    // A listed checkpoint with this id is overwritten now, so it is not one to evict later.
    this.saved = this.saved.filter((saved) => saved.id !== entry.id);
    const evicted = this.saved.length >= this.saveTopK ? this.saved.pop() : undefined;
    this.saved.push(entry);
    this.sortSaved();
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

  /**
   * Takes the saved list of a resumed checkpoint, keeping only valid entries of this run (each
   * id once, the best `saveTopK`); the rest are reported at fit start and left alone on disk.
   */
  loadStateDict(state: unknown): void {
    const saved = (state as { saved?: unknown } | undefined)?.saved;
    this.saved = [];
    this.droppedFromState = [];
    if (saved === undefined) return;
    if (!Array.isArray(saved)) {
      this.droppedFromState.push('its list of saved checkpoints is not a list');
      return;
    }
    const ids = new Set<string>();
    for (const entry of saved) {
      const problem = savedEntryProblem(entry, this.options.dirpath);
      const id = (entry as { id?: unknown } | null)?.id;
      if (problem) this.droppedFromState.push(`${JSON.stringify(id)?.slice(0, 200)}: ${problem}`);
      else if (ids.has(id as string)) this.droppedFromState.push(`${id}: listed twice`);
      else {
        ids.add(id as string);
        const { score, epoch, step } = entry as SavedCheckpoint;
        this.saved.push({ id: id as string, score, epoch, step });
      }
    }
    this.sortSaved();
    for (const extra of this.saved.splice(this.saveTopK))
      this.droppedFromState.push(`${extra.id}: more than the top ${this.saveTopK}`);
  }
}
