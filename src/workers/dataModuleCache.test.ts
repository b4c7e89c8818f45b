import { describe, expect, it } from 'vitest';
import { dataModuleKey } from './dataModuleCache';

describe('dataModuleKey', () => {
  it("names the class and its own data flags' values, defaults filled in", () => {
    // Augmentation configures the module too: a run with other bounds gets another one.
    const augment =
      'augment=false augment_rotation=10 augment_shear=10 augment_scale=0.1 augment_translate=0.1 augment_stroke=0.2';
    expect(dataModuleKey({ data_class: 'MNIST', batch_size: 8, conv_dim: 2 })).toBe(
      `MNIST split_seed=42 ${augment}`,
    );
    expect(dataModuleKey({ data_class: 'EMNIST' })).toBe(`EMNIST ${augment}`);
    expect(dataModuleKey({ data_class: 'EMNIST', augment: 'true' })).toBe(
      `EMNIST ${augment.replace('augment=false', 'augment=true')}`,
    );
    const lines = dataModuleKey({ data_class: 'EMNISTLines', glyph_source: 'MNIST', num_test: 8 });
    expect(lines).toMatch(/^EMNISTLines glyph_source=MNIST .*num_test=8 /);
    // A checkpoint's numbers and a URL's strings name the same data.
    expect(dataModuleKey({ data_class: 'EMNISTLines', num_test: '8', glyph_source: 'MNIST' })).toBe(
      lines,
    );
  });

  it('rejects an unknown data class', () => {
    expect(() => dataModuleKey({ data_class: 'Nope' })).toThrow(/Nope/);
  });
});
