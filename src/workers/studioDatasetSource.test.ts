import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatasetFileError } from '../engine/data/datasetFileError';
import { MANIFEST_FILE } from '../engine/data/manifest';
import { loadManifest, readImageSet, requireDataset } from '../engine/data/manifestSource';
import { syntheticEmnistPair } from '../testing/emnistTestData';
import { MemoryDatasetSource } from '../testing/memoryDatasetSource';
import { buildImportedEmnist } from './emnistImport';
import { DatasetNotFoundError, FetchDatasetSource } from './fetchDatasetSource';
import { ImportedDatasetStore } from './importedDatasetStore';
import { type InklabDb, openInklabDb } from './inklabDb';
import { StudioDatasetSource } from './studioDatasetSource';

const mnistManifest = {
  formatVersion: 1,
  datasets: [
    {
      name: 'MNIST',
      dir: 'mnist',
      mapping: ['0', '1'],
      inputDims: [28, 28, 1],
      splits: {
        train: { count: 60000, images: 'mnist/a', labels: 'mnist/b' },
        test: { count: 10000, images: 'mnist/c', labels: 'mnist/d' },
      },
      source: 'test',
    },
  ],
  corpora: [],
  files: Object.fromEntries(
    ['a', 'b', 'c', 'd'].map((f) => [`mnist/${f}`, { bytes: 1, sha256: '0'.repeat(64) }]),
  ),
};

function emnistFiles(labels = Array.from({ length: 20 }, (_, i) => i % 5)) {
  const pair = syntheticEmnistPair('test', labels);
  return [pair.images, pair.labels];
}

/** A bundled source that is missing its manifest, as when `npm run datasets` never ran. */
class MissingSource extends MemoryDatasetSource {
  override async read(path: string): Promise<Uint8Array> {
    throw new DatasetNotFoundError(`Dataset file ${path} was not found on the server.`);
  }
}

let db: InklabDb;
let n = 0;
beforeEach(async () => {
  db = await openInklabDb(`inklab-datasets-${n++}`);
});
afterEach(() => db.close());

describe('StudioDatasetSource', () => {
  it('lists bundled datasets, with MNIST validation carved from train', async () => {
    const bundled = new MemoryDatasetSource();
    bundled.files.set(MANIFEST_FILE, new TextEncoder().encode(JSON.stringify(mnistManifest)));
    const source = new StudioDatasetSource(bundled, new ImportedDatasetStore(db));
    expect(await source.summaries()).toEqual([
      {
        name: 'MNIST',
        splits: { train: 55000, val: 5000, test: 10000 },
        mapping: ['0', '1'],
        origin: 'bundled',
      },
    ]);
  });

  it("sends a missing EMNIST to the page's Data panel, not to the CLI", async () => {
    const bundled = new MemoryDatasetSource();
    bundled.files.set(MANIFEST_FILE, new TextEncoder().encode(JSON.stringify(mnistManifest)));
    const source = new StudioDatasetSource(bundled, new ImportedDatasetStore(db));
    const manifest = await loadManifest(source);
    expect(() => requireDataset(manifest, 'EMNIST', source, 'Run `npm run datasets`.')).toThrow(
      "EMNIST is not here yet. Import it in this page's Data panel (Import EMNIST files",
    );
    expect(() => requireDataset(manifest, 'EMNIST', source, 'Run `npm run datasets`.')).not.toThrow(
      /npm run/,
    );
  });

  it('serves an imported EMNIST, verified like a built one, even without built datasets', async () => {
    const imported = new ImportedDatasetStore(db);
    const source = new StudioDatasetSource(new MissingSource(), imported);
    await expect(source.summaries()).rejects.toThrow(/was not found on the server/);
    await imported.replace(buildImportedEmnist(emnistFiles(), () => {}));
    const [summary] = await source.summaries();
    expect(summary).toMatchObject({
      name: 'EMNIST',
      origin: 'imported',
      splits: { val: 4, test: 4 },
    });
    const manifest = await loadManifest(source);
    const path = manifest.datasets[0].splits.test.images;
    expect((await source.read(path)).length).toBe(manifest.files[path].bytes);
  });

  it('replaces an earlier import and removes its files', async () => {
    const imported = new ImportedDatasetStore(db);
    const packed = buildImportedEmnist(emnistFiles(), () => {});
    const old = (path: string) => path.replace('imported/emnist/', 'imported/old/');
    await imported.replace({
      entry: packed.entry,
      files: new Map([...packed.files].map(([path, bytes]) => [old(path), bytes])),
    });
    await imported.replace(packed);
    expect(await imported.list()).toHaveLength(1);
    expect((await db.getAllKeys('datasetFiles')).sort()).toEqual([...packed.files.keys()].sort());
  });
});

describe('a failed EMNIST import', () => {
  /** The stored EMNIST files, checked against the stored manifest entry. */
  async function storedImages(source: StudioDatasetSource): Promise<number[]> {
    const manifest = await loadManifest(source);
    const entry = requireDataset(manifest, 'EMNIST', source, 'import it');
    const set = await readImageSet(source, manifest, entry, entry.splits.test);
    return [set.count, ...set.images.subarray(0, 3)];
  }

  it('keeps the previous import when the new files are refused or the transaction fails', async () => {
    const imported = new ImportedDatasetStore(db);
    const source = new StudioDatasetSource(new MissingSource(), imported);
    const good = buildImportedEmnist(emnistFiles(), () => {});
    await imported.replace(good);
    const before = await storedImages(source);
    const keys = (await db.getAllKeys('datasetFiles')).sort();

    // Refused before anything is stored: an empty image set.
    expect(() => buildImportedEmnist(emnistFiles([]), () => {})).toThrow(DatasetFileError);

    // Refused inside the transaction, after its new files were put and the old ones deleted:
    // the entry cannot be stored (a function is not cloneable), so the transaction aborts.
    const other = buildImportedEmnist(
      emnistFiles(Array.from({ length: 30 }, (_, i) => i % 3)),
      () => {},
    );
    const moved = new Map([...other.files].map(([p, b]) => [p.replace('/emnist/', '/next/'), b]));
    const unstorable = { ...other.entry, source: (() => 'x') as unknown as string };
    await expect(imported.replace({ entry: unstorable, files: moved })).rejects.toThrow(
      /Could not save the imported EMNIST dataset .*\(DataCloneError/,
    );

    expect(await imported.list()).toHaveLength(1);
    expect((await db.getAllKeys('datasetFiles')).sort()).toEqual(keys);
    expect(await storedImages(source)).toEqual(before);
  });
});

describe('FetchDatasetSource', () => {
  const respond = (body: string, init: ResponseInit) => async () => new Response(body, init);

  it('says to run npm run datasets when a file is missing (404 or an HTML fallback)', async () => {
    const missing = new FetchDatasetSource('http://app/datasets/', respond('', { status: 404 }));
    await expect(missing.read('manifest.json')).rejects.toThrow(
      'Dataset file http://app/datasets/manifest.json was not found on the server. Build the datasets with `npm run datasets`',
    );
    const html = respond('<html>', { status: 200, headers: { 'content-type': 'text/html' } });
    await expect(new FetchDatasetSource('http://app/datasets/', html).read('x.gz')).rejects.toThrow(
      DatasetNotFoundError,
    );
  });

  it('explains a .gz file the server sent with Content-Encoding: gzip', async () => {
    const encoded = respond('x', { status: 200, headers: { 'content-encoding': 'gzip' } });
    await expect(new FetchDatasetSource('http://app/d/', encoded).read('m/a.gz')).rejects.toThrow(
      /sent http:\/\/app\/d\/m\/a.gz with "Content-Encoding: gzip"/,
    );
  });

  it('reads files and keeps paths inside the datasets folder', async () => {
    const ok = new FetchDatasetSource('http://app/datasets/', respond('abc', { status: 200 }));
    expect(await ok.read('mnist/a.gz')).toEqual(new TextEncoder().encode('abc'));
    expect(() => ok.describe('../secret')).toThrow(/must be relative/);
  });
});
