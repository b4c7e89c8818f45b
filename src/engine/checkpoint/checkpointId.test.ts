import { describe, expect, it } from 'vitest';
import {
  assertCheckpointId,
  assertRunName,
  CheckpointIdError,
  checkpointId,
  checkpointIdProblem,
  isCheckpointIdOf,
  MAX_RUN_NAME_LENGTH,
} from './checkpointId';

describe('checkpoint ids', () => {
  it('accepts the ids ModelCheckpoint and imports build', () => {
    for (const id of [
      'CNN-MNIST-20260101T000000/epoch=0001-validation_loss=0.512.ckpt',
      '1767225600000-k3j9/epoch=0000-imported-m1x2.ckpt',
      'run/epoch=0002-validation_loss=-1.250.ckpt',
    ])
      expect(checkpointIdProblem(id), id).toBeUndefined();
    expect(checkpointId('run', 'a.ckpt')).toBe('run/a.ckpt');
  });

  it('refuses anything that could leave the store, with a typed error naming the id', () => {
    const hostile = [
      '../../x/a.ckpt',
      'a/../../b.ckpt',
      '/etc/passwd.ckpt',
      'run/../a.ckpt',
      'run/a..ckpt',
      '../a.ckpt',
      'run/sub/a.ckpt',
      'run\\..\\a.ckpt',
      'run/.hidden.ckpt',
      '-rf/a.ckpt',
      'run/a.txt',
      'run/a.ckpt\u0000',
      'rün/a.ckpt',
      '',
      'run/',
      `${'r'.repeat(MAX_RUN_NAME_LENGTH + 1)}/a.ckpt`,
    ];
    for (const id of hostile) {
      expect(checkpointIdProblem(id), id).toBeDefined();
      expect(() => assertCheckpointId(id, 'The test store'), id).toThrow(CheckpointIdError);
    }
    expect(checkpointIdProblem(42)).toBe('it is a number, not a string');
    expect(() => assertCheckpointId('../../x/a.ckpt', 'The test store')).toThrow(
      'The test store refused checkpoint id "../../x/a.ckpt": it must be <run name>/<file>.ckpt',
    );
    expect(() => assertCheckpointId('..x/a.ckpt', 'The test store')).toThrow(
      'The test store refused checkpoint id "..x/a.ckpt": its run name must use letters',
    );
    expect(() => checkpointId('../../x', 'a.ckpt')).toThrow(CheckpointIdError);
  });

  it('checks run names on their own and ids against their run', () => {
    expect(assertRunName('CNN-MNIST-20260101T000000', 'x.ckpt')).toBe('CNN-MNIST-20260101T000000');
    expect(() => assertRunName('../../x', 'x.ckpt')).toThrow(
      'x.ckpt names run "../../x", which is refused: it must use letters',
    );
    expect(() => assertRunName(null, 'x.ckpt')).toThrow(CheckpointIdError);
    expect(isCheckpointIdOf('run/a.ckpt', 'run')).toBe(true);
    expect(isCheckpointIdOf('other/a.ckpt', 'run')).toBe(false);
    expect(isCheckpointIdOf('runner/a.ckpt', 'run')).toBe(false);
    expect(isCheckpointIdOf('run/../../victim/a.ckpt', 'run')).toBe(false);
  });
});
