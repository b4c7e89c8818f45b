/**
 * public/datasets/manifest.json: what was built, where the files are, and their checksums.
 * The CLI writes it; data modules read it (through parseManifest) before touching any file.
 */

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_FORMAT_VERSION = 1;
export const DATASET_NAMES = ['MNIST', 'EMNIST'] as const;
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

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses and checks manifest.json; `where` names the file in errors. */
export function parseManifest(text: string, where: string): Manifest {
  const fail = (what: string): never => {
    throw new Error(
      `${where} is not a valid dataset manifest: ${what}. Rebuild the datasets with \`npm run datasets\`.`,
    );
  };
  let root: Json;
  try {
    root = JSON.parse(text);
  } catch (error) {
    return fail(`it is not JSON (${(error as Error).message})`);
  }
  const obj = (value: Json, path: string): Record<string, Json> =>
    isObject(value) ? value : fail(`${path} must be an object, found ${JSON.stringify(value)}`);
  const str = (value: Json, path: string): string =>
    typeof value === 'string' && value !== ''
      ? value
      : fail(`${path} must be a non-empty string, found ${JSON.stringify(value)}`);
  const count = (value: Json, path: string): number =>
    Number.isInteger(value) && (value as number) >= 0
      ? (value as number)
      : fail(`${path} must be a non-negative integer, found ${JSON.stringify(value)}`);
  const arr = (value: Json, path: string): Json[] =>
    Array.isArray(value) ? value : fail(`${path} must be an array, found ${JSON.stringify(value)}`);

  const m = obj(root, 'the top level');
  if (m.formatVersion !== MANIFEST_FORMAT_VERSION) {
    fail(
      `formatVersion is ${JSON.stringify(m.formatVersion)}, this version of Inklab reads ${MANIFEST_FORMAT_VERSION}`,
    );
  }
  const files: Record<string, FileInfo> = {};
  for (const [path, info] of Object.entries(obj(m.files, 'files'))) {
    const o = obj(info, `files["${path}"]`);
    const sha256 = str(o.sha256, `files["${path}"].sha256`);
    if (!/^[0-9a-f]{64}$/.test(sha256)) fail(`files["${path}"].sha256 is not a hex SHA-256`);
    files[path] = { bytes: count(o.bytes, `files["${path}"].bytes`), sha256 };
  }
  const fileRef = (value: Json, path: string): string => {
    const ref = str(value, path);
    return ref in files ? ref : fail(`${path} refers to "${ref}", which is not listed in files`);
  };
  const split = (value: Json, path: string): SplitFiles => {
    const o = obj(value, path);
    return {
      count: count(o.count, `${path}.count`),
      images: fileRef(o.images, `${path}.images`),
      labels: fileRef(o.labels, `${path}.labels`),
    };
  };
  const datasets = arr(m.datasets, 'datasets').map((value, i): DatasetEntry => {
    const p = `datasets[${i}]`;
    const d = obj(value, p);
    const name = str(d.name, `${p}.name`);
    if (!(DATASET_NAMES as readonly string[]).includes(name)) {
      fail(`${p}.name is "${name}", expected one of ${DATASET_NAMES.join(', ')}`);
    }
    const splits = obj(d.splits, `${p}.splits`);
    const entry: DatasetEntry = {
      name: name as DatasetName,
      dir: str(d.dir, `${p}.dir`),
      mapping: arr(d.mapping, `${p}.mapping`).map((t, j) =>
        typeof t === 'string' ? t : fail(`${p}.mapping[${j}] must be a string`),
      ),
      inputDims: arr(d.inputDims, `${p}.inputDims`).map((n, j) => count(n, `${p}.inputDims[${j}]`)),
      splits: {
        train: split(splits.train, `${p}.splits.train`),
        test: split(splits.test, `${p}.splits.test`),
        ...(splits.val === undefined ? {} : { val: split(splits.val, `${p}.splits.val`) }),
      },
      source: str(d.source, `${p}.source`),
    };
    if (d.balanced !== undefined) {
      entry.balanced =
        typeof d.balanced === 'boolean' ? d.balanced : fail(`${p}.balanced must be true or false`);
    }
    if (d.seed !== undefined) entry.seed = count(d.seed, `${p}.seed`);
    return entry;
  });
  const corpora = arr(m.corpora, 'corpora').map((value, i): CorpusEntry => {
    const c = obj(value, `corpora[${i}]`);
    if (c.name !== 'Brown')
      fail(`corpora[${i}].name is ${JSON.stringify(c.name)}, expected "Brown"`);
    return {
      name: 'Brown',
      file: fileRef(c.file, `corpora[${i}].file`),
      sentences: count(c.sentences, `corpora[${i}].sentences`),
    };
  });
  return { formatVersion: MANIFEST_FORMAT_VERSION, datasets, corpora, files };
}
