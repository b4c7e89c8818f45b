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
  private lastDecile = -1;
  private loss?: number;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly width = 25,
  ) {}

  handle(event: TrainerEvent, validation?: Record<string, number>): void {
    if (event.type !== 'step') return;
    if (event.batch === 0 || this.epochStart === 0) {
      this.epochStart = performance.now();
      this.lastDecile = -1;
    }
    if (event.loss !== undefined) this.loss = event.loss;
    const done = event.batch + 1;
    const fraction = done / event.batchesInEpoch;
    const elapsed = (performance.now() - this.epochStart) / 1000;
    const eta =
      event.samplesPerSec > 0 ? (elapsed / done) * (event.batchesInEpoch - done) : Number.NaN;
    const filled = Math.round(fraction * this.width);
    const extras = [
      `${event.samplesPerSec.toFixed(1)} samples/s`,
      ...(this.loss !== undefined ? [`loss=${this.loss.toFixed(3)}`] : []),
      ...Object.entries(validation ?? {}).map(([k, v]) => `${k}=${v.toFixed(3)}`),
    ];
    const line = `Epoch ${event.epoch}: ${String(Math.floor(fraction * 100)).padStart(3)}%|${'█'.repeat(filled)}${' '.repeat(this.width - filled)}| ${done}/${event.batchesInEpoch} [${clock(elapsed)}<${clock(eta)}, ${extras.join(', ')}]`;
    const last = done === event.batchesInEpoch;
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
