import { describe, expect, it } from 'vitest';
import {
  type DatasetEntry,
  datasetFiles,
  emptyManifest,
  type Manifest,
  parseManifest,
  withCorpus,
  withDataset,
} from './manifest';
import { ManifestError } from './manifestSchema';

const info = (n: number) => ({ bytes: n, sha256: 'a'.repeat(64) });
const entry = (name: 'MNIST' | 'EMNIST', dir: string): DatasetEntry => ({
  name,
  dir,
  mapping: ['0', '1'],
  inputDims: [28, 28, 1],
  splits: {
    train: { count: 2, images: `${dir}/train-i`, labels: `${dir}/train-l` },
    test: { count: 1, images: `${dir}/test-i`, labels: `${dir}/test-l` },
  },
  source: 'test',
});
const filesOf = (e: DatasetEntry) => Object.fromEntries(datasetFiles(e).map((p) => [p, info(1)]));

function sample(): Manifest {
  const mnist = entry('MNIST', 'mnist');
  return withCorpus(
    withDataset(emptyManifest(), mnist, filesOf(mnist)),
    { name: 'Brown', file: 'b.txt', sentences: 3 },
    info(9),
  );
}

describe('parseManifest', () => {
  it('round-trips a manifest written by the build', () => {
    const manifest = sample();
    expect(parseManifest(JSON.stringify(manifest), 'm.json')).toEqual(manifest);
  });

  it('names the file, the bad field and the fix', () => {
    const bad = sample() as unknown as { datasets: { splits: { train: { count: unknown } } }[] };
    bad.datasets[0].splits.train.count = 'many';
    expect(() => parseManifest(JSON.stringify(bad), 'public/datasets/manifest.json')).toThrow(
      /public\/datasets\/manifest\.json is not a valid dataset manifest: datasets\[0\]\.splits\.train\.count must be a number, found "many"\. Rebuild .*npm run datasets/,
    );
    expect(() => parseManifest('{', 'm.json')).toThrow(
      /m\.json is not a valid dataset manifest: it is not JSON/,
    );
    expect(() =>
      parseManifest(JSON.stringify({ ...sample(), formatVersion: 2 }), 'm.json'),
    ).toThrow(/formatVersion must be 1, the version this Inklab reads, found 2/);
  });

  it('rejects references to unlisted files', () => {
    const manifest = sample();
    delete manifest.files['mnist/test-l'];
    expect(() => parseManifest(JSON.stringify(manifest), 'm.json')).toThrow(
      /datasets\[0\]\.splits\.test\.labels refers to "mnist\/test-l", which is not listed in files/,
    );
  });
});

// biome-ignore lint/suspicious/noExplicitAny: the edits write values the types forbid, on purpose.
type LooseJson = any;

describe('the manifest schema', () => {
  /** The ManifestError that `edit` applied to a valid manifest causes. */
  function refusalOf(edit: (m: LooseJson) => void): ManifestError {
    const m: LooseJson = structuredClone(sample());
    edit(m);
    try {
      parseManifest(JSON.stringify(m), 'm.json');
    } catch (error) {
      expect(error).toBeInstanceOf(ManifestError);
      return error as ManifestError;
    }
    throw new Error('the manifest was accepted');
  }

  it('refuses empty splits, bad paths, oversized mappings and files, naming the field', () => {
    const cases: [(m: LooseJson) => void, string][] = [
      [(m) => (m.datasets[0].splits.test.count = 0), 'datasets[0].splits.test.count'],
      [
        (m) => (m.datasets[0].splits.train.images = '../../etc/passwd'),
        'datasets[0].splits.train.images',
      ],
      [(m) => (m.datasets[0].dir = '/abs'), 'datasets[0].dir'],
      [(m) => (m.datasets[0].mapping = Array(257).fill('a')), 'datasets[0].mapping'],
      [(m) => (m.datasets[0].inputDims = [28, 28]), 'datasets[0].inputDims'],
      [(m) => (m.datasets[0].name = 'CIFAR'), 'datasets[0].name'],
      [(m) => (m.files['mnist/train-i'].bytes = 2 ** 40), 'files["mnist/train-i"].bytes'],
      [(m) => (m.files['mnist/train-i'].sha256 = 'xyz'), 'files["mnist/train-i"].sha256'],
      [(m) => (m.files['a/../../b'] = { bytes: 1, sha256: 'a'.repeat(64) }), 'files["a/../../b"]'],
      [(m) => (m.corpora[0].sentences = -1), 'corpora[0].sentences'],
      [(m) => (m.datasets = null), 'datasets'],
    ];
    for (const [edit, field] of cases) {
      const error = refusalOf(edit);
      expect([error.file, error.field]).toEqual(['m.json', field]);
      expect(error.message).toContain(`m.json is not a valid dataset manifest: ${field}`);
    }
  });
});

describe('withDataset', () => {
  it('replaces a dataset of the same name and drops its old files', () => {
    const emnist = entry('EMNIST', 'emnist');
    const first = withDataset(sample(), emnist, filesOf(emnist));
    const moved = entry('EMNIST', 'emnist2');
    const second = withDataset(first, moved, filesOf(moved));
    expect(second.datasets.map((d) => d.name)).toEqual(['MNIST', 'EMNIST']);
    expect(Object.keys(second.files).filter((p) => p.startsWith('emnist/'))).toEqual([]);
    expect(Object.keys(second.files)).toContain('emnist2/train-i');
    expect(Object.keys(second.files)).toContain('mnist/train-i');
  });
});
