import { describe, expect, it } from 'vitest';
import { checkpointFileName } from './checkpointRecord';

describe('checkpointFileName', () => {
  it('is <runName>-epoch<N>.ckpt with characters unsafe in file names replaced', () => {
    expect(checkpointFileName({ runName: 'CNN-MNIST-20260101T000000', epoch: 3 })).toBe(
      'CNN-MNIST-20260101T000000-epoch3.ckpt',
    );
    expect(checkpointFileName({ runName: '../a/b:c', epoch: 0 })).toBe('a_b_c-epoch0.ckpt');
  });
});
