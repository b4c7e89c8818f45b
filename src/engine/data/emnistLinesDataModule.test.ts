import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryDatasets } from '../../testing/memoryDatasetSource';
import { useWasmBackend } from '../../testing/wasmBackend';
import { classFlagDefaults } from '../flagSpec';
import { dataClassFlags } from './dataFlags';
import { packImageDataset } from './datasetPack';
import type { EMNISTLinesDataModule } from './emnistLinesDataModule';
import { EMNIST_MAPPING, PADDING } from './emnistMapping';
import { textCorpus } from './lineText';
import { MANIFEST_FILE, parseManifest, withCorpus } from './manifest';
import { MNIST_MAPPING } from './mnistDataModule';
import { createDataModule } from './registry';
import { sha256Hex } from './sha256';
import type { ImageSet } from './types';

const CHARS = 'abcdefghij0123456789';

/** Every image of the set is filled with `ink`; labels cycle through `labels`. */
function inkSet(count: number, ink: number, labels: number[]): ImageSet {
  return {
    images: new Uint8Array(count * 784).fill(ink),
    labels: Uint8Array.from({ length: count }, (_, i) => labels[i % labels.length]),
    count,
    height: 28,
    width: 28,
  };
}

const charTokens = Array.from(CHARS, (c) => EMNIST_MAPPING.indexOf(c));
const BROWN = 'brown/sentences.txt';
const sentences = ['A bad cafe, 1984: "hi"!', 'The gift of jade was big', 'Each dice 7 beige hide'];

/** EMNIST whose train and val glyphs have ink 100 and test glyphs 50, MNIST, and Brown. */
async function source(withBrown = true) {
  const emnist = packImageDataset(
    { name: 'EMNIST', dir: 'emnist', mapping: [...EMNIST_MAPPING], source: 'synthetic' },
    {
      train: inkSet(60, 100, charTokens),
      val: inkSet(20, 100, charTokens),
      test: inkSet(40, 50, charTokens),
    },
  );
  const mnist = packImageDataset(
    { name: 'MNIST', dir: 'mnist', mapping: [...MNIST_MAPPING], source: 'synthetic' },
    // MNIST keeps 5,000 of its training digits for validation.
    {
      train: inkSet(5030, 100, [...Array(10).keys()]),
      test: inkSet(20, 50, [...Array(10).keys()]),
    },
  );
  const src = await memoryDatasets([emnist, mnist]);
  if (withBrown) {
    const bytes = new TextEncoder().encode(`${sentences.join('\n')}\n`);
    src.files.set(BROWN, bytes);
    const manifest = parseManifest(new TextDecoder().decode(await src.read(MANIFEST_FILE)), 'm');
    const entry = { name: 'Brown' as const, file: BROWN, sentences: sentences.length };
    src.setManifest(
      withCorpus(manifest, entry, { bytes: bytes.length, sha256: await sha256Hex(bytes) }),
    );
  }
  return src;
}

const small = { num_train: '24', num_val: '8', num_test: '10', batch_size: '8' };

async function lines(flags: Record<string, string> = {}, withBrown = true) {
  const dm = createDataModule('EMNISTLines', await source(withBrown), {
    ...small,
    ...flags,
  }) as EMNISTLinesDataModule;
  await dm.prepareData();
  await dm.setup();
  return dm;
}

describe('EMNISTLines data module', () => {
  beforeAll(useWasmBackend);

  it('lists its flags with the lab defaults', () => {
    const flags = classFlagDefaults(dataClassFlags('EMNISTLines'));
    expect(flags).toMatchObject({
      glyph_source: 'EMNIST',
      num_train: 10_000,
      num_val: 2_000,
      num_test: 2_000,
      min_overlap: 0,
      max_overlap: 0.33,
    });
  });

  it('batches x [n, 28, 896, 1] in [0, 1] and y [n, 32] int32; config and sizes follow the flags', async () => {
    const dm = await lines();
    expect(dm.config().inputDims).toEqual([28, 896, 1]);
    expect(dm.config().outputDims).toEqual([32, 83]);
    expect([dm.size('train'), dm.size('val'), dm.size('test')]).toEqual([24, 8, 10]);
    const batches = [...dm.batches('test', { batchSize: 4 })];
    expect(batches.map((b) => b.size)).toEqual([4, 4, 2]);
    const [first] = batches;
    expect(first.x.shape).toEqual([4, 28, 896, 1]);
    expect(first.y.shape).toEqual([4, 32]);
    expect(first.y.dtype).toBe('int32');
    const x = await first.x.data();
    expect(Math.max(...x)).toBeLessThanOrEqual(1);
    const y = Array.from(await first.y.data());
    const example = dm.example('test', 0);
    expect(y.slice(0, 32)).toEqual(example.tokens);
    expect(Array.from(x.subarray(0, 896 * 28), (v) => Math.round(v * 255))).toEqual(
      Array.from(example.image),
    );
    for (const b of batches) tf.dispose([b.x, b.y]);
  });

  it('gives the training lines as token sequences without padding, for a language model', async () => {
    const dm = await lines();
    const training = dm.trainingLines();
    expect(training).toHaveLength(24);
    const [batch] = [...dm.batches('train', { batchSize: 24 })];
    const labels = Array.from(await batch.y.data());
    training.forEach((tokens, i) => {
      const row = labels.slice(i * 32, (i + 1) * 32);
      expect([...tokens, ...new Array(32 - tokens.length).fill(PADDING)]).toEqual(row);
    });
    expect(training.some((tokens) => tokens.length > 0)).toBe(true);
    tf.dispose([batch.x, batch.y]);
  });

  it('draws Brown text without characters it has no glyph for, cut at word boundaries', async () => {
    const dm = await lines({ num_train: '200' });
    // 'A', punctuation and letters past j have no glyph here: removed, words kept whole.
    const corpus = ` ${textCorpus(sentences, new Set(CHARS)).text} `;
    expect(corpus).toBe(' bad cafe 1984 hi he gif f jade a big ach dice 7 beige hide ');
    for (let i = 0; i < dm.size('train'); i++) {
      const { text, tokens } = dm.example('train', i);
      expect(corpus).toContain(` ${text} `);
      expect(tokens.slice(text.length).every((t) => t === PADDING)).toBe(true);
    }
  });

  it('train and val glyphs come from EMNIST train+val, test glyphs from EMNIST test', async () => {
    const dm = await lines({ max_overlap: '0' });
    const inks = (split: 'train' | 'val' | 'test') =>
      new Set(
        Array.from({ length: dm.size(split) }, (_, i) => [...dm.example(split, i).image]).flat(),
      );
    expect(inks('train')).toEqual(new Set([0, 100]));
    expect(inks('val')).toEqual(new Set([0, 100]));
    expect(inks('test')).toEqual(new Set([0, 50]));
  });

  it('is deterministic for lines_seed, and the seed changes the lines', async () => {
    const texts = (dm: Awaited<ReturnType<typeof lines>>) =>
      Array.from({ length: dm.size('train') }, (_, i) => dm.example('train', i).text);
    const [a, b, c] = await Promise.all([lines(), lines(), lines({ lines_seed: '9' })]);
    expect(texts(a)).toEqual(texts(b));
    expect(a.example('val', 3).image).toEqual(b.example('val', 3).image);
    expect(texts(a)).not.toEqual(texts(c));
  });

  it('with MNIST glyphs: digit groups, no Brown needed', async () => {
    const dm = await lines({ glyph_source: 'MNIST' }, false);
    for (let i = 0; i < dm.size('train'); i++) {
      expect(dm.example('train', i).text).toMatch(/^[0-9]+( [0-9]+)*$/);
    }
  });

  it('jitters the glyphs of batches asked for with an augment seed, keeping their labels', async () => {
    const plain = await lines();
    const augmenting = await lines({
      augment: 'true',
      augment_spacing: '3',
      augment_baseline: '2',
    });
    const read = (dm: EMNISTLinesDataModule, augmentSeed?: number) =>
      [...dm.batches('train', { batchSize: 8, shuffleSeed: 2, augmentSeed })].map((b) => {
        const pair = [b.x.dataSync().slice(), b.y.dataSync().slice()];
        tf.dispose([b.x, b.y]);
        return pair;
      });
    const reference = read(plain);
    expect(read(augmenting)).toEqual(reference);
    const jittered = read(augmenting, 5);
    expect(jittered).toHaveLength(3);
    jittered.forEach(([x, y], b) => {
      expect(y).toEqual(reference[b][1]);
      expect(x).not.toEqual(reference[b][0]);
    });
    expect(read(augmenting, 5)).toEqual(jittered);
    expect(read(augmenting, 6)).not.toEqual(jittered);
    plain.dispose();
    augmenting.dispose();
  });

  it('says how to get the Brown sentences when they are missing', async () => {
    const dm = createDataModule('EMNISTLines', await source(false), small);
    await expect(dm.prepareData()).rejects.toThrow(
      /Brown sentences.*npm run datasets.*--glyph_source MNIST/,
    );
    expect(() =>
      createDataModule(
        'EMNISTLines',
        new (class {
          read = async () => new Uint8Array();
          describe = (p: string) => p;
        })(),
        { glyph_source: 'KMNIST' },
      ),
    ).toThrow(/--glyph_source must be one of EMNIST, MNIST/);
  });
});
