import type { TrainerEvent } from '../engine/events';

function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * A tqdm-style epoch bar like Lightning's: redrawn in place on a terminal, and printed every
 * 10% when the output is a file or a pipe so logs stay short.
 */
export class ProgressBar {
  private epochStart = 0;
  private evalStart = 0;
  private lastDecile = -1;
  private loss?: number;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly width = 25,
  ) {}

  handle(event: TrainerEvent, validation?: Record<string, number>): void {
    if (event.type === 'evalProgress') {
      this.evaluation(event);
      return;
    }
    if (event.type !== 'step') return;
    if (event.batch === 0 || this.epochStart === 0) {
      this.epochStart = performance.now();
      this.lastDecile = -1;
    }
    if (event.loss !== undefined) this.loss = event.loss;
    const extras = [
      `${event.samplesPerSec.toFixed(1)} samples/s`,
      ...(this.loss !== undefined ? [`loss=${this.loss.toFixed(3)}`] : []),
      ...Object.entries(validation ?? {}).map(([k, v]) => `${k}=${v.toFixed(3)}`),
    ];
    this.draw(
      `Epoch ${event.epoch}`,
      event.batch + 1,
      event.batchesInEpoch,
      this.epochStart,
      extras,
    );
  }

  /** Lightning's validation and test bars: the loop's own batches, from its first event. */
  private evaluation(event: Extract<TrainerEvent, { type: 'evalProgress' }>): void {
    if (event.batch === 0) {
      this.evalStart = performance.now();
      this.lastDecile = -1;
      return;
    }
    const label = event.phase === 'validate' ? 'Validation' : 'Testing';
    this.draw(label, event.batch, event.batches, this.evalStart, []);
  }

  private draw(label: string, done: number, total: number, start: number, extras: string[]) {
    const fraction = done / total;
    const elapsed = (performance.now() - start) / 1000;
    const eta = done > 0 ? (elapsed / done) * (total - done) : Number.NaN;
    const filled = Math.round(fraction * this.width);
    const tail = extras.length > 0 ? `, ${extras.join(', ')}` : '';
    const line = `${label}: ${String(Math.floor(fraction * 100)).padStart(3)}%|${'█'.repeat(filled)}${' '.repeat(this.width - filled)}| ${done}/${total} [${clock(elapsed)}<${clock(eta)}${tail}]`;
    const last = done === total;
    if (this.out.isTTY) {
      this.out.write(`\r${line}\x1b[K${last ? '\n' : ''}`);
      return;
    }
    const decile = Math.floor(fraction * 10);
    if (decile !== this.lastDecile || last) {
      this.lastDecile = decile;
      this.out.write(`${line}\n`);
    }
  }
}
