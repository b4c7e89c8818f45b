import { describe, expect, it } from 'vitest';
import { checkpointMeta } from '../workers/testCheckpoints';
import { ConfigError, type ExperimentConfig } from './config';
import { defaultRunName } from './experiment';
import type { FlagSpec } from './flagSpec';
import { resumeConfig } from './resume';

const meta = checkpointMeta({
  runName: 'CNN-EMNIST-20260101T000000000-abcd',
  epoch: 0,
  config: {
    data_class: 'EMNIST',
    model_class: 'CNN',
    conv_dim: 4,
    fc_dim: 16,
    batch_size: 32,
    lr: 0.003,
    seed: 7,
    max_epochs: 1,
    limit_train_batches: 5,
    backend: 'webgpu',
    data_dir: '/elsewhere',
    json: false,
  },
});
const cliExtra: FlagSpec[] = [
  { name: 'data_dir', type: 'string', default: 'public/datasets', help: 'data' },
];

describe('resumeConfig', () => {
  it("continues with the checkpoint's own config, the free flags as given", () => {
    const config = resumeConfig(meta, { max_epochs: '3', limit_val_batches: '2' }, cliExtra);
    expect(config).toMatchObject({
      data_class: 'EMNIST',
      model_class: 'CNN',
      conv_dim: 4,
      fc_dim: 16,
      batch_size: 32,
      lr: 0.003,
      seed: 7,
      limit_train_batches: 5,
      max_epochs: 3,
      limit_val_batches: 2,
    });
    // The command's own flags and the backend come from this run, not from the checkpoint.
    expect(config.data_dir).toBe('public/datasets');
    expect(config.backend).toBe('wasm');
    expect(config).not.toHaveProperty('json');
  });

  it('accepts a flag given with the value the run was trained with', () => {
    const config = resumeConfig(meta, { max_epochs: '2', lr: '3e-3', model_class: 'CNN' });
    expect(config.lr).toBe(0.003);
  });

  it('refuses a flag that would change the run, naming its checkpoint and given values', () => {
    const conflicts: [string, string, string][] = [
      ['data_class', 'MNIST', 'EMNIST'],
      ['model_class', 'MLP', 'CNN'],
      ['conv_dim', '8', '4'],
      ['batch_size', '64', '32'],
      ['optimizer', 'sgd', 'adam'],
      ['seed', '8', '7'],
      ['limit_train_batches', '6', '5'],
    ];
    for (const [flag, given, stored] of conflicts) {
      expect(() => resumeConfig(meta, { max_epochs: '2', [flag]: given }), flag).toThrow(
        `--${flag} ${given} conflicts with the checkpoint of run 'CNN-EMNIST-20260101T000000000-abcd', which was trained with --${flag} ${stored}.`,
      );
    }
  });

  it('says how to continue a run that has trained all its epochs', () => {
    expect(() => resumeConfig(meta, {})).toThrow(
      "Run 'CNN-EMNIST-20260101T000000000-abcd' has already trained 1 epoch (--max_epochs 1): give a larger --max_epochs, e.g. --max_epochs 2, to continue it.",
    );
    expect(() => resumeConfig(meta, { max_epochs: '1' })).toThrow(ConfigError);
  });

  it('refuses unknown flags and unusable stored values', () => {
    expect(() => resumeConfig(meta, { fc1: '64', max_epochs: '2' })).toThrow(
      "Unknown flag --fc1 for run 'CNN-EMNIST-20260101T000000000-abcd' (CNN on EMNIST).",
    );
    const damaged = checkpointMeta({ config: { ...meta.config, batch_size: 'many' } });
    expect(() => resumeConfig(damaged, { max_epochs: '2' })).toThrow(
      /holds an unusable --batch_size: --batch_size expects a whole number, got 'many'\./,
    );
  });
});

describe('defaultRunName', () => {
  it('carries the classes, the time to the millisecond and a random suffix', () => {
    const config = { model_class: 'CNN', data_class: 'EMNIST' } as ExperimentConfig;
    const at = new Date('2026-12-02T06:15:30.123Z');
    expect(defaultRunName(config, at, 'k3f9')).toBe('CNN-EMNIST-20261202T061530123-k3f9');
    const names = new Set(Array.from({ length: 50 }, () => defaultRunName(config, at)));
    expect(names.size).toBe(50);
    for (const name of names) expect(name).toMatch(/^CNN-EMNIST-20261202T061530123-[a-z0-9]{4}$/);
  });
});
