import { describe, expect, it } from 'vitest';
import { ProgressPacer } from './progressPacer';

describe('ProgressPacer', () => {
  it('reports the start, then each item when the interval is 0, each after its work settled', async () => {
    const reports: string[] = [];
    const pacer = new ProgressPacer(3, (done, total) => reports.push(`${done}/${total}`), 0);
    for (let i = 0; i < 3; i++) {
      await pacer.step(async () => reports.push(`settled ${i + 1}`));
    }
    expect(reports).toEqual(['0/3', 'settled 1', '1/3', 'settled 2', '2/3', 'settled 3', '3/3']);
  });

  it('within a long interval reports only the start and the last item, waiting on that one alone', async () => {
    const reports: number[] = [];
    let waited = 0;
    const pacer = new ProgressPacer(5, (done) => reports.push(done), 60_000);
    for (let i = 0; i < 5; i++) await pacer.step(async () => waited++);
    expect(reports).toEqual([0, 5]);
    expect(waited).toBe(1);
  });
});
