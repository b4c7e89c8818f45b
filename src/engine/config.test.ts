import { describe, expect, it } from 'vitest';
import { ConfigError, flagsFor, resolveConfig, serializeConfig } from './config';

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

  it('round-trips through query pairs, leaving defaults out', () => {
    const config = resolveConfig({ model_class: 'CNN', lr: '0.0003', max_epochs: '5' }, specs);
    const query = serializeConfig(config, specs);
    expect(query).toEqual({ model_class: 'CNN', lr: '0.0003', max_epochs: '5' });
    expect(resolveConfig(query, specs)).toEqual(config);
  });
});
