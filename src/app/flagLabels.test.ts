import { describe, expect, it } from 'vitest';
import { flagsFor } from '../engine/config';
import { DATA_CLASS_NAMES } from '../engine/data/dataFlags';
import { MODEL_CLASS_NAMES } from '../engine/models/modelFlags';
import { BASIC_FLAGS, flagLabel } from './flagLabels';

describe('flag labels', () => {
  it('gives every flag of every data and model class a plain label', () => {
    const missing = new Set<string>();
    for (const data of DATA_CLASS_NAMES) {
      for (const model of MODEL_CLASS_NAMES) {
        for (const spec of flagsFor(data, model)) {
          if (flagLabel(spec.name) === spec.name) missing.add(spec.name);
        }
      }
    }
    expect([...missing]).toEqual([]);
  });

  it('reads as words, not flag names', () => {
    expect(flagLabel('lr')).toBe('Learning rate');
    expect(flagLabel('fc1')).toBe('First hidden layer units');
    expect(flagLabel('split_seed')).not.toContain('_');
  });

  it('keeps the basic flags general, so they exist for every class', () => {
    const general = new Set(flagsFor('MNIST', 'MLP').map((s) => s.name));
    for (const name of BASIC_FLAGS) expect(general.has(name)).toBe(true);
  });
});
