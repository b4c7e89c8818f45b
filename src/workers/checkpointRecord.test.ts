import { describe, expect, it } from 'vitest';
import { checkpointFileName, tfjsZipName } from './checkpointRecord';

describe('checkpointFileName', () => {
  it('is <runName>-epoch<N>.ckpt with characters unsafe in file names replaced', () => {
    expect(checkpointFileName({ runName: 'CNN-MNIST-20260101T000000', epoch: 3 })).toBe(
      'CNN-MNIST-20260101T000000-epoch3.ckpt',
    );
    expect(checkpointFileName({ runName: '../a/b:c', epoch: 0 })).toBe('a_b_c-epoch0.ckpt');
  });
});

describe('tfjsZipName', () => {
  it('is <runName>-epoch-<N>-tfjs.zip, never a path', () => {
    expect(tfjsZipName({ runName: 'run-3', epoch: 2 })).toBe('run-3-epoch-2-tfjs.zip');
    expect(tfjsZipName({ runName: '../..\\x y', epoch: 0 })).toBe('x_y-epoch-0-tfjs.zip');
    expect(tfjsZipName({ runName: '...', epoch: 1 })).toBe('run-epoch-1-tfjs.zip');
  });
});
