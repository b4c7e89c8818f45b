import { describe, expect, it } from 'vitest';
import { ConfigError, flagsFor, newRunConfig, resolveConfig, serializeConfig } from './config';

const specs = flagsFor('MNIST', 'CNN');

describe('experiment config', () => {
  it('fills the lab’s defaults and the model class’s own flags', () => {
    const config = resolveConfig({ model_class: 'CNN' }, specs);
    expect(config).toMatchObject({
      data_class: 'MNIST',
      max_epochs: 1,
      batch_size: 128,
      lr: 0.001,
      optimizer: 'adam',
      one_cycle_total_steps: 100,
      conv_dim: 64,
      fc_dim: 128,
      fc_dropout: 0.25,
      seed: 42,
    });
    expect(config.one_cycle_max_lr).toBeUndefined();
  });

  it('rejects bad values with what was wrong and what is accepted', () => {
    expect(() => resolveConfig({ max_epochs: 'two' }, specs)).toThrow(
      "--max_epochs expects a whole number, got 'two'.",
    );
    expect(() => resolveConfig({ max_epochs: '0' }, specs)).toThrow(
      '--max_epochs must be at least 1, got 0.',
    );
    expect(() => resolveConfig({ optimizer: 'adagrad' }, specs)).toThrow(
      /--optimizer must be one of adam, adamw, sgd, rmsprop/,
    );
    expect(() => resolveConfig({ conv_dimm: '3' }, specs)).toThrow(ConfigError);
    expect(() => resolveConfig({ lr: '' }, specs)).toThrow(/expects a number/);
  });

  it('reads the limits as Lightning does and bounds seeds and sizes when parsed', () => {
    expect(() => resolveConfig({ limit_train_batches: '0' }, specs)).toThrow(
      '--limit_train_batches must be more than 0, got 0.',
    );
    expect(resolveConfig({ limit_val_batches: '0', limit_test_batches: '0' }, specs)).toMatchObject(
      { limit_val_batches: 0, limit_test_batches: 0 },
    );
    expect(() => resolveConfig({ seed: '1e300' }, specs)).toThrow(
      '--seed must be at most 4294967295, got 1e+300.',
    );
    expect(() => resolveConfig({ conv_dim: '100000' }, specs)).toThrow(
      '--conv_dim must be at most 4096, got 100000.',
    );
    expect(() => resolveConfig({ max_epochs: '1e9' }, specs)).toThrow(
      /--max_epochs must be at most/,
    );
    const lines = flagsFor('EMNISTLines', 'LineCNN');
    expect(() => resolveConfig({ data_class: 'EMNISTLines', lines_seed: '-1' }, lines)).toThrow(
      '--lines_seed must be at least 0, got -1.',
    );
    expect(() => resolveConfig({ data_class: 'EMNISTLines', num_train: '1e7' }, lines)).toThrow(
      '--num_train must be at most 1000000, got 10000000.',
    );
  });

  it('round-trips through query pairs, leaving defaults out', () => {
    const config = resolveConfig({ model_class: 'CNN', lr: '0.0003', max_epochs: '5' }, specs);
    const query = serializeConfig(config, specs);
    expect(query).toEqual({ model_class: 'CNN', lr: '0.0003', max_epochs: '5' });
    expect(resolveConfig(query, specs)).toEqual(config);
  });
});

describe('newRunConfig', () => {
  it('fills defaults and parses the named classes’ flags', () => {
    const config = newRunConfig({ model_class: 'CNN', conv_dim: '2', max_epochs: '3' });
    expect(config).toMatchObject({
      data_class: 'MNIST',
      model_class: 'CNN',
      conv_dim: 2,
      max_epochs: 3,
    });
  });

  it("rejects bad values with the CLI's message", () => {
    expect(() => newRunConfig({ batch_size: 'many' })).toThrow(
      "--batch_size expects a whole number, got 'many'.",
    );
    expect(() => newRunConfig({ model_class: 'RNN' })).toThrow(/model/);
  });
});
