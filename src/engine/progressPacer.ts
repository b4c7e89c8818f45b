/** The shortest time between two progress reports of one loop: bounded event volume. */
export const PROGRESS_INTERVAL_MS = 250;

/**
 * Progress through a loop of `total` items, reported at the start (0), at most every
 * `intervalMs`, and at the last item. Before a report it waits for the item's device work, so
 * the count is work done, not work queued (and the event loop turns: heartbeats, requests).
 */
export class ProgressPacer {
  private done = 0;
  private last = Date.now();

  constructor(
    private readonly total: number,
    private readonly report: (done: number, total: number) => void,
    private readonly intervalMs = PROGRESS_INTERVAL_MS,
  ) {
    report(0, total);
  }

  /** Counts one item; when a report is due, waits for `settled` first. */
  async step(settled: () => Promise<unknown>): Promise<void> {
    this.done++;
    if (this.done !== this.total && Date.now() - this.last < this.intervalMs) return;
    await settled();
    this.last = Date.now();
    this.report(this.done, this.total);
  }
}
