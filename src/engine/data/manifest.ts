/**
 * public/datasets/manifest.json: what was built, where the files are, and their checksums.
 * The CLI writes it; data modules read it (through parseManifest) before touching any file.
 */

import {
  checkManifestSchema,
  type DATASET_NAMES,
  MANIFEST_FORMAT_VERSION,
  ManifestError,
} from './manifestSchema';

export const MANIFEST_FILE = 'manifest.json';
export type DatasetName = (typeof DATASET_NAMES)[number];

export interface SplitFiles {
  count: number;
  /** Paths relative to the datasets root, keys of Manifest.files. */
  images: string;
  labels: string;
}

export interface DatasetEntry {
  name: DatasetName;
  dir: string;
  mapping: string[];
  inputDims: number[];
  splits: { train: SplitFiles; val?: SplitFiles; test: SplitFiles };
  source: string;
  balanced?: boolean;
  seed?: number;
}

export interface CorpusEntry {
  name: 'Brown';
  file: string;
  sentences: number;
}

export interface FileInfo {
  bytes: number;
  sha256: string;
}

export interface Manifest {
  formatVersion: typeof MANIFEST_FORMAT_VERSION;
  datasets: DatasetEntry[];
  corpora: CorpusEntry[];
  files: Record<string, FileInfo>;
}

export function emptyManifest(): Manifest {
  return { formatVersion: MANIFEST_FORMAT_VERSION, datasets: [], corpora: [], files: {} };
}

/** Every file a dataset entry refers to. */
export function datasetFiles(entry: DatasetEntry): string[] {
  return Object.values(entry.splits).flatMap((s) => (s ? [s.images, s.labels] : []));
}

/** A copy of `manifest` with `entry` replacing any dataset of the same name, and its files. */
export function withDataset(
  manifest: Manifest,
  entry: DatasetEntry,
  files: Record<string, FileInfo>,
): Manifest {
  const old = manifest.datasets.find((d) => d.name === entry.name);
  const kept = { ...manifest.files };
  for (const path of old ? datasetFiles(old) : []) delete kept[path];
  return {
    ...manifest,
    datasets: [...manifest.datasets.filter((d) => d.name !== entry.name), entry],
    files: { ...kept, ...files },
  };
}

/** A copy of `manifest` with `entry` replacing any corpus of the same name, and its file. */
export function withCorpus(manifest: Manifest, entry: CorpusEntry, file: FileInfo): Manifest {
  const old = manifest.corpora.find((c) => c.name === entry.name);
  const kept = { ...manifest.files };
  if (old) delete kept[old.file];
  return {
    ...manifest,
    corpora: [...manifest.corpora.filter((c) => c.name !== entry.name), entry],
    files: { ...kept, [entry.file]: file },
  };
}

/** Parses and checks manifest.json against its schema; `where` names the file in errors. */
export function parseManifest(text: string, where: string): Manifest {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    throw new ManifestError(where, 'JSON', `it is not JSON (${(error as Error).message})`);
  }
  const manifest = checkManifestSchema(root, where);
  const listed = (ref: string, field: string) => {
    if (!(ref in manifest.files)) {
      throw new ManifestError(
        where,
        field,
        `${field} refers to "${ref}", which is not listed in files`,
      );
    }
  };
  manifest.datasets.forEach((d, i) => {
    for (const [split, files] of Object.entries(d.splits)) {
      if (!files) continue;
      listed(files.images, `datasets[${i}].splits.${split}.images`);
      listed(files.labels, `datasets[${i}].splits.${split}.labels`);
    }
  });
  manifest.corpora.forEach((c, i) => {
    listed(c.file, `corpora[${i}].file`);
  });
  return manifest;
}
