import { describe, expect, it } from 'vitest';
import { emnistTestSource } from '../../testing/emnistFixture';
import { sharedEmnistDir } from '../../testing/sharedDatasets';
import { EMNISTDataModule } from './emnistDataModule';
import { labelCounts } from './imageSet';
import { loadManifest } from './manifestSource';

describe.skipIf(sharedEmnistDir() === null)('EMNISTDataModule on the shared test split', () => {
  it('loads the 60/20/20 split with 83-token labels and a balanced train set', async () => {
    const source = await emnistTestSource();
    if (!source) throw new Error('shared split vanished');
    const dm = new EMNISTDataModule(source);
    await dm.setup();
    // 116,323 = 69,793 train (then balanced) + 23,264 val + 23,266 test.
    expect([dm.size('val'), dm.size('test')]).toEqual([23_264, 23_266]);
    expect(dm.size('train')).toBeLessThan(69_793);
    expect(dm.config().outputDims).toEqual([83]);
    const entry = (await loadManifest(source)).datasets.find((d) => d.name === 'EMNIST');
    expect(entry?.balanced).toBe(true);
    const [batch] = dm.batches('train', { batchSize: 512, shuffleSeed: 1 });
    const labels = Array.from(batch.y.dataSync<'int32'>());
    expect(labels.every((t) => t >= 4 && t < 66)).toBe(true);
    batch.x.dispose();
    batch.y.dispose();
    const train = Array.from({ length: dm.size('train') }, (_, i) => dm.example('train', i).label);
    const counts = labelCounts(Uint8Array.from(train)).slice(4);
    expect(counts).toHaveLength(62);
    expect(Math.max(...counts)).toBe(Math.floor(69_793 / 62));
  });
});
