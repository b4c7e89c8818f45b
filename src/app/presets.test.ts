import { describe, expect, it } from 'vitest';
import { fieldErrors, specsFor } from './configForm';
import { activePreset, PRESETS, presetQuery } from './presets';

const byId = (id: string) => {
  const preset = PRESETS.find((p) => p.id === id);
  if (!preset) throw new Error(`no preset ${id}`);
  return preset;
};

describe('presets', () => {
  it('are valid experiments', () => {
    for (const preset of PRESETS) {
      expect(fieldErrors(preset.query, specsFor(preset.query))).toEqual({});
    }
  });

  it('keep the backend the user chose', () => {
    expect(presetQuery(byId('quick-look'), { backend: 'webgl', lr: '0.1' }, []).backend).toBe(
      'webgl',
    );
    expect(presetQuery(byId('quick-look'), { lr: '0.1' }, []).lr).toBeUndefined();
  });

  it('draw lines from MNIST digits until EMNIST is imported', () => {
    const lines = byId('lines-ctc');
    expect(presetQuery(lines, {}, ['MNIST']).glyph_source).toBe('MNIST');
    expect(presetQuery(lines, {}, ['MNIST', 'EMNIST']).glyph_source).toBeUndefined();
  });

  it('is recognized in the form, also after a reload drops its default values', () => {
    const quick = byId('quick-look');
    expect(activePreset(presetQuery(quick, { backend: 'wasm' }, []))?.id).toBe('quick-look');
    const { max_epochs: _default, ...fromLink } = quick.query;
    expect(activePreset(fromLink)?.id).toBe('quick-look');
    expect(activePreset({ ...quick.query, lr: '0.01' })).toBeUndefined();
  });
});
