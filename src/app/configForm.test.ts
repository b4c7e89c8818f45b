import { describe, expect, it } from 'vitest';
import { changeFlag, fieldErrors, queryForUrl, readQuery, specsFor } from './configForm';

describe('experiment form config', () => {
  it('reads the CLI flags of a link and sets aside unknown names', () => {
    const { query, unknown } = readQuery('?model_class=CNN&conv_dim=2&max_epochs=2&colour=red');
    expect(query).toEqual({ model_class: 'CNN', conv_dim: '2', max_epochs: '2' });
    expect(unknown).toEqual(['colour']);
  });

  it('lists the general flags and the chosen classes own', () => {
    const names = specsFor({ model_class: 'CNN' }).map((s) => s.name);
    expect(names).toContain('conv_dim');
    expect(names).toContain('split_seed');
    expect(specsFor({}).map((s) => s.name)).toContain('fc1');
    // An unknown class still gives a usable form; its field shows the message.
    expect(specsFor({ model_class: 'RNN' }).map((s) => s.name)).toContain('fc1');
    expect(
      fieldErrors({ model_class: 'RNN' }, specsFor({ model_class: 'RNN' })).model_class,
    ).toMatch(/must be one of MLP, CNN/);
  });

  it('reports parseValue messages per field', () => {
    const specs = specsFor({});
    expect(fieldErrors({ max_epochs: '1.5', lr: 'fast', batch_size: '' }, specs)).toEqual({
      max_epochs: "Epochs expects a whole number, got '1.5'.",
      lr: "Learning rate expects a number, got 'fast'.",
    });
  });

  it('drops the old class flags when the model class changes', () => {
    const cnn = { model_class: 'CNN', conv_dim: '8', fc_dropout: '0.1', max_epochs: '3' };
    expect(changeFlag(cnn, 'model_class', 'MLP')).toEqual({
      model_class: 'MLP',
      fc_dropout: '0.1',
      max_epochs: '3',
    });
    expect(changeFlag(cnn, 'conv_dim', '')).toEqual({
      model_class: 'CNN',
      fc_dropout: '0.1',
      max_epochs: '3',
    });
  });

  it('serializes like the CLI, keeping an explicit backend', () => {
    const query = { model_class: 'CNN', batch_size: '128', conv_dim: '2', backend: 'wasm' };
    expect(queryForUrl(query, specsFor(query))).toEqual({
      model_class: 'CNN',
      conv_dim: '2',
      backend: 'wasm',
    });
    const typo = { max_epochs: 'x' };
    expect(queryForUrl(typo, specsFor(typo))).toEqual(typo);
  });
});
