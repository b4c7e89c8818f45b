import { beforeAll, describe, expect, it } from 'vitest';
import { createDataModule } from '../engine/data/registry';
import { mnistTestSource } from '../testing/mnistFixture';
import { useWasmBackend } from '../testing/wasmBackend';
import { augmentPreview } from './samples';

const options = { rotation: 10, shear: 10, scale: 0.1, translate: 0.1, stroke: 0.2 };

describe("the Data panel's augmentation preview", () => {
  beforeAll(useWasmBackend);

  it('gives the first training images before and after, and refuses bounds outside the flags', async () => {
    const data = createDataModule('MNIST', await mnistTestSource());
    await data.setup();
    const preview = await augmentPreview(data, 4, options, 1);
    expect(preview.before.map((s) => s.index)).toEqual([0, 1, 2, 3]);
    expect(preview.after.map((s) => s.label)).toEqual(preview.before.map((s) => s.label));
    expect(preview.after[0].image).not.toEqual(preview.before[0].image);
    await expect(augmentPreview(data, 4, { ...options, rotation: 500 }, 1)).rejects.toThrow(
      'Augmentation rotation must be at most 180, got 500.',
    );
    await expect(augmentPreview(data, 4, { ...options, stroke: Number.NaN }, 1)).rejects.toThrow(
      "Augmentation stroke expects a number, got 'NaN'.",
    );
    await expect(augmentPreview(data, 33, options, 1)).rejects.toThrow(
      'count must be a whole number from 1 to 32, got 33.',
    );
    data.dispose();
  });
});
