import { describe, expect, it } from 'vitest';
import { parseRunConfig } from './runConfig';

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
