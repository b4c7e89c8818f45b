import { describe, expect, it } from 'vitest';
import type { ErrorReport, LineReading } from '../workers/protocol';
import { reduce } from './reducer';
import { initialState, type LoadedModel, type StudioAction, type StudioState } from './state';

const model = (id: string): LoadedModel => ({
  id,
  runName: `CNN-MNIST-${id}`,
  mapping: ['0', '1'],
  dataClass: 'MNIST',
});

const report = (modelId: string): ErrorReport => ({
  modelId,
  runName: `CNN-MNIST-${modelId}`,
  dataClass: 'MNIST',
  split: 'test',
  examples: 2,
  accuracy: 0.5,
  top3Accuracy: 1,
  classes: [0, 1],
  labels: ['0', '1'],
  matrix: [
    [1, 1],
    [0, 0],
  ],
  perClass: [],
  confusedPairs: [],
  lookAlikes: { groups: [], mergedAccuracy: 0.5 },
  misclassified: [],
});

const reading: LineReading = { text: '12', positions: [], decoding: 'windows' };

const run = (actions: StudioAction[], from: StudioState = initialState) =>
  actions.reduce(reduce, from);

describe('errors and lines in the store', () => {
  it("keeps the loaded model's report and drops a late one of a replaced model", () => {
    const loaded = run([{ type: 'modelLoaded', model: model('a') }]);
    expect(run([{ type: 'errorReport', report: report('a') }], loaded).errorReport?.modelId).toBe(
      'a',
    );
    expect(run([{ type: 'errorReport', report: report('b') }], loaded).errorReport).toBeUndefined();
    expect(run([{ type: 'errorReport', report: report('a') }]).errorReport).toBeUndefined();
  });

  it('a newly loaded model clears the report and the line reading, not the previews', () => {
    const before = run([
      { type: 'modelLoaded', model: model('a') },
      { type: 'errorReport', report: report('a') },
      { type: 'lineReading', reading },
      {
        type: 'linePreviews',
        result: { glyphs: 'MNIST', lines: [{ image: new Uint8Array(1), text: '42' }] },
      },
    ]);
    expect(before.lineReading).toEqual(reading);
    const after = reduce(before, {
      type: 'worker',
      message: { type: 'modelLoaded', model: model('b') },
      at: 0,
    });
    expect(after.errorReport).toBeUndefined();
    expect(after.lineReading).toBeUndefined();
    expect(after.linePreviews).toEqual(before.linePreviews);
  });

  it('clears the reading with the pad and forgets the report of a deleted model', () => {
    const state = run([
      { type: 'modelLoaded', model: model('a') },
      { type: 'errorReport', report: report('a') },
      { type: 'lineReading', reading },
      { type: 'lineReading', reading: undefined },
    ]);
    expect(state.lineReading).toBeUndefined();
    const deleted = reduce(state, {
      type: 'worker',
      message: { type: 'checkpoints', list: [] },
      at: 0,
    });
    expect(deleted.loadedModel).toBeUndefined();
    expect(deleted.errorReport).toBeUndefined();
  });
});
