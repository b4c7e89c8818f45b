import { describe, expect, it } from 'vitest';
import type { CheckpointStore } from '../checkpoint/store';
import { type Callback, orderCallbacks } from './callback';
import { EarlyStopping } from './earlyStopping';
import { ModelCheckpoint } from './modelCheckpoint';

const store: CheckpointStore = {
  save: async () => {},
  load: async () => new Uint8Array(),
  remove: async () => {},
  has: async () => false,
  describe: (id) => id,
};

describe('callbacks as Lightning keeps them', () => {
  it('runs checkpoint savers after every other callback, keeping the others in order', () => {
    const checkpoint = new ModelCheckpoint({ store, dirpath: 'run' });
    const early = new EarlyStopping(1);
    const monitor: Callback = { name: 'LearningRateMonitor' };
    expect(orderCallbacks([checkpoint, early, monitor])).toEqual([early, monitor, checkpoint]);
  });

  it('keys state by what tells two instances apart', () => {
    const byLoss = new ModelCheckpoint({ store, dirpath: 'run' });
    const byAcc = new ModelCheckpoint({
      store,
      dirpath: 'run',
      monitor: 'validation/acc',
      mode: 'max',
    });
    expect(byLoss.stateKey).toBe('ModelCheckpoint{"monitor":"validation/loss","mode":"min"}');
    expect(byAcc.stateKey).toBe('ModelCheckpoint{"monitor":"validation/acc","mode":"max"}');
    expect(new EarlyStopping(2, 'validation/acc', 'max').stateKey).toBe(
      'EarlyStopping{"monitor":"validation/acc","mode":"max"}',
    );
  });
});
