import { describe, expect, it } from 'vitest';
import { MedianPruner } from './medianPruner';

function trialWith(pruner: MedianPruner, values: number[]): void {
  pruner.beginTrial();
  for (const [epoch, v] of values.entries()) pruner.report(epoch, v);
  pruner.endTrial();
}

describe('MedianPruner', () => {
  it('never prunes the first trial (startupTrials 1)', () => {
    const pruner = new MedianPruner();
    pruner.beginTrial();
    expect(pruner.report(0, 100)).toBe(false);
  });

  it('prunes above the median of an odd count of earlier trials', () => {
    const pruner = new MedianPruner();
    trialWith(pruner, [1]);
    trialWith(pruner, [3]);
    trialWith(pruner, [2]);
    expect(pruner.medianAt(0)).toBe(2);
    pruner.beginTrial();
    expect(pruner.report(0, 2)).toBe(false);
    expect(pruner.report(0, 2.01)).toBe(true);
  });

  it('takes the mean of the middle two for an even count', () => {
    const pruner = new MedianPruner();
    trialWith(pruner, [1]);
    trialWith(pruner, [4]);
    expect(pruner.medianAt(0)).toBe(2.5);
    pruner.beginTrial();
    expect(pruner.report(0, 2.4)).toBe(false);
    expect(pruner.report(0, 2.6)).toBe(true);
  });

  it('waits for startupTrials finished trials', () => {
    const pruner = new MedianPruner({ startupTrials: 2 });
    trialWith(pruner, [1]);
    pruner.beginTrial();
    expect(pruner.report(0, 10)).toBe(false);
    pruner.endTrial();
    pruner.beginTrial();
    // Median of 1 and 10 is 5.5.
    expect(pruner.report(0, 6)).toBe(true);
  });

  it('does not prune during warmupEpochs', () => {
    const pruner = new MedianPruner({ warmupEpochs: 1 });
    trialWith(pruner, [1, 1]);
    pruner.beginTrial();
    expect(pruner.report(0, 10)).toBe(false);
    expect(pruner.report(1, 10)).toBe(true);
  });

  it('prunes below the median in mode max', () => {
    const pruner = new MedianPruner({ monitor: 'validation/acc', mode: 'max' });
    trialWith(pruner, [0.9]);
    pruner.beginTrial();
    expect(pruner.report(0, 0.95)).toBe(false);
    expect(pruner.report(0, 0.5)).toBe(true);
  });

  it('does not prune at an epoch no earlier trial reached', () => {
    const pruner = new MedianPruner();
    trialWith(pruner, [1]);
    pruner.beginTrial();
    expect(pruner.report(1, 100)).toBe(false);
  });
});
