/** Progress lines on stderr for long steps: rewritten in place on a terminal, every 10% otherwise. */

export function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

export interface Progress {
  update(done: number): void;
  finish(): void;
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

/** Byte progress for `label`; `total` may be unknown (no Content-Length). */
export function byteProgress(label: string, total: number | null): Progress {
  const tty = process.stderr.isTTY === true;
  let lastStep = -1;
  let lastTime = 0;
  const line = (done: number) =>
    total
      ? `${label}: ${mb(done)} / ${mb(total)} MB (${Math.floor((100 * done) / total)}%)`
      : `${label}: ${mb(done)} MB`;
  return {
    update(done) {
      const now = Date.now();
      if (tty) {
        if (now - lastTime < 200) return;
        lastTime = now;
        process.stderr.write(`\r${line(done)}`);
        return;
      }
      // Logs and CI: one line per 10% (or per 50 MB when the size is unknown).
      const step = total ? Math.floor((10 * done) / total) : Math.floor(done / 50e6);
      if (step === lastStep) return;
      lastStep = step;
      log(line(done));
    },
    finish() {
      if (tty) process.stderr.write('\n');
    },
  };
}
