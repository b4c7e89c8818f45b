import { describe, expect, it } from 'vitest';
import { parseRunConfig, resumeRunConfig } from './runConfig';
import { checkpointMeta } from './testCheckpoints';

describe('parseRunConfig', () => {
  it('fills defaults and parses the class flags', () => {
    const config = parseRunConfig({ model_class: 'CNN', conv_dim: '2', max_epochs: '3' });
    expect(config).toMatchObject({
      data_class: 'MNIST',
      model_class: 'CNN',
      conv_dim: 2,
      max_epochs: 3,
    });
  });

  it("rejects bad values with the CLI's message", () => {
    expect(() => parseRunConfig({ batch_size: 'many' })).toThrow(
      "--batch_size expects a whole number, got 'many'.",
    );
    expect(() => parseRunConfig({ model_class: 'RNN' })).toThrow(/model/);
  });
});

describe('resumeRunConfig', () => {
  const meta = checkpointMeta({
    config: {
      data_class: 'MNIST',
      model_class: 'CNN',
      conv_dim: 4,
      max_epochs: 1,
      one_cycle_max_lr: undefined,
      data_dir: 'public/datasets',
      json: false,
    },
  });

  it("keeps the checkpoint's config, drops CLI-only flags and applies the page's values", () => {
    const config = resumeRunConfig(meta, { max_epochs: '4' });
    expect(config).toMatchObject({ model_class: 'CNN', conv_dim: 4, max_epochs: 4 });
    expect(config).not.toHaveProperty('data_dir');
  });

  it('refuses to change the model or data class of a run', () => {
    expect(() => resumeRunConfig(meta, { model_class: 'MLP' })).toThrow(
      /Cannot continue run 'CNN-MNIST-20260101T000000' with --model_class MLP: it was trained with CNN/,
    );
  });
});
