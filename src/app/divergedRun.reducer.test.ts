import { describe, expect, it } from 'vitest';
import { runStarted, trainer } from '../testing/studioActions';
import { reduce } from './reducer';
import { initialState } from './state';

const message =
  'Training diverged: the loss was NaN at step 2. No checkpoint was saved before it. ' +
  'Try a lower learning rate, e.g. --lr 1e+299 (a tenth of 1e+300).';

describe('a diverged run in the store', () => {
  it('is a failed run whose alert and log carry the divergence message', () => {
    const s = [
      runStarted(),
      trainer({
        type: 'step',
        epoch: 0,
        step: 1,
        batch: 0,
        batchesInEpoch: 4,
        loss: 2.3,
        lr: 1e300,
        samplesPerSec: 50,
      }),
      trainer({ type: 'log', level: 'error', message }),
      trainer({ type: 'finished', reason: 'diverged', epoch: 0, step: 3, message }),
    ].reduce(reduce, initialState);
    expect(s.run.status).toBe('error');
    expect(s.run.finishReason).toBe('diverged');
    // The progress stays where the run ended (1 of 8 steps), not at 100%.
    expect(s.run.progress?.fraction).toBe(1 / 8);
    expect(s.messages).toEqual([{ id: 0, kind: 'error', text: `Training failed: ${message}` }]);
    expect(s.run.log.slice(-2).map(({ level, text }) => ({ level, text }))).toEqual([
      { level: 'error', text: message },
      { level: 'info', text: '`Trainer.fit` stopped at step 3: the loss diverged.' },
    ]);
  });
});
