/**
 * The datasets the worker trains on: those built into the app, with the user's imports laid
 * over them (an imported EMNIST is used whether or not the app bundles one), behind one
 * DatasetSource whose manifest.json lists both.
 */

import {
  emptyManifest,
  MANIFEST_FILE,
  type Manifest,
  parseManifest,
  withDataset,
} from '../engine/data/manifest';
import { MNIST_VAL_SIZE } from '../engine/data/mnistDataModule';
import type { DatasetSource } from '../engine/data/types';
import { DatasetNotFoundError } from './fetchDatasetSource';
import { IMPORTED_DIR, type ImportedDatasetStore } from './importedDatasetStore';
import type { ImportedDataset } from './inklabDb';
import type { DatasetSummary } from './protocol';

/** `bundled` with every imported dataset replacing a bundled one of the same name. */
export function mergeManifests(bundled: Manifest, imported: ImportedDataset[]): Manifest {
  return imported.reduce((m, d) => withDataset(m, d.entry, d.files), bundled);
}

/** What the Data panel lists; MNIST's validation split is carved from train at load time. */
export function datasetSummaries(manifest: Manifest, importedNames: Set<string>): DatasetSummary[] {
  return manifest.datasets.map((d) => {
    const { train, val, test } = d.splits;
    const splits =
      val || d.name !== 'MNIST'
        ? { train: train.count, ...(val ? { val: val.count } : {}), test: test.count }
        : { train: train.count - MNIST_VAL_SIZE, val: MNIST_VAL_SIZE, test: test.count };
    return {
      name: d.name,
      splits,
      mapping: d.mapping,
      origin: importedNames.has(d.name) ? 'imported' : 'bundled',
    };
  });
}

export class StudioDatasetSource implements DatasetSource {
  constructor(
    private readonly bundled: DatasetSource,
    private readonly imported: ImportedDatasetStore,
  ) {}

  describe(path: string): string {
    return this.sourceOf(path).describe(path);
  }

  async read(path: string): Promise<Uint8Array> {
    if (path !== MANIFEST_FILE) return this.sourceOf(path).read(path);
    const { manifest } = await this.manifest();
    return new TextEncoder().encode(JSON.stringify(manifest));
  }

  /**
   * The merged manifest. Without built datasets the imported ones still work; with neither,
   * the error says how to build them.
   */
  async manifest(): Promise<{ manifest: Manifest; importedNames: Set<string> }> {
    const imported = await this.imported.list();
    let bundled = emptyManifest();
    try {
      const bytes = await this.bundled.read(MANIFEST_FILE);
      bundled = parseManifest(
        new TextDecoder().decode(bytes),
        this.bundled.describe(MANIFEST_FILE),
      );
    } catch (error) {
      if (imported.length === 0 || !(error instanceof DatasetNotFoundError)) throw error;
    }
    return {
      manifest: mergeManifests(bundled, imported),
      importedNames: new Set(imported.map((d) => d.entry.name)),
    };
  }

  /** The page imports EMNIST itself; the CLI's `npm run datasets` is no way out in a browser. */
  howToAdd(dataset: string): string | undefined {
    if (dataset !== 'EMNIST') return undefined;
    return (
      "Import it in this page's Data panel (Import EMNIST files: NIST's gzip.zip or its " +
      'emnist-byclass files); EMNISTLines can draw MNIST digits instead (glyph_source MNIST).'
    );
  }

  async summaries(): Promise<DatasetSummary[]> {
    const { manifest, importedNames } = await this.manifest();
    return datasetSummaries(manifest, importedNames);
  }

  private sourceOf(path: string): DatasetSource {
    return path.startsWith(`${IMPORTED_DIR}/`) ? this.imported : this.bundled;
  }
}
