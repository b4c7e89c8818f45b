/**
 * Reading built datasets through a DatasetSource: the manifest first, then files checked
 * against its sizes and SHA-256 sums, so a stale or corrupt build fails loudly, not silently.
 */
import { DatasetFileError } from './datasetFileError';
import { idxImageDims, idxLabelDims, parseIdx } from './idx';
import {
  type DatasetEntry,
  type DatasetName,
  MANIFEST_FILE,
  type Manifest,
  parseManifest,
  type SplitFiles,
} from './manifest';
import { sha256Hex } from './sha256';
import type { DatasetSource, ImageSet } from './types';

const REBUILD = 'Rebuild the datasets with `npm run datasets`.';

export async function loadManifest(source: DatasetSource): Promise<Manifest> {
  let bytes: Uint8Array;
  try {
    bytes = await source.read(MANIFEST_FILE);
  } catch (error) {
    throw new Error(
      `Could not read the dataset manifest ${source.describe(MANIFEST_FILE)}: ${(error as Error).message} ${REBUILD}`,
    );
  }
  return parseManifest(new TextDecoder().decode(bytes), source.describe(MANIFEST_FILE));
}

/** The dataset entry called `name`, or an error saying how to build it. */
export function requireDataset(
  manifest: Manifest,
  name: DatasetName,
  source: DatasetSource,
  howToBuild: string,
): DatasetEntry {
  const entry = manifest.datasets.find((d) => d.name === name);
  if (!entry) {
    const how = source.howToAdd?.(name);
    if (how) throw new Error(`${name} is not here yet. ${how}`);
    throw new Error(
      `${name} is not in the dataset manifest ${source.describe(MANIFEST_FILE)}. ${howToBuild}`,
    );
  }
  return entry;
}

/** Reads one file listed in the manifest and checks its size and SHA-256. */
export async function readVerified(
  source: DatasetSource,
  manifest: Manifest,
  path: string,
): Promise<Uint8Array> {
  const info = manifest.files[path];
  if (!info)
    throw new Error(`${path} is not listed in ${source.describe(MANIFEST_FILE)}. ${REBUILD}`);
  const bytes = await source.read(path, info.bytes);
  const sha256 = bytes.length === info.bytes ? await sha256Hex(bytes) : null;
  if (sha256 !== info.sha256) {
    const found = sha256 === null ? `${bytes.length} bytes` : `SHA-256 ${sha256}`;
    const expected = sha256 === null ? `${info.bytes} bytes` : `SHA-256 ${info.sha256}`;
    throw new Error(
      `${source.describe(path)} does not match the manifest: found ${found}, expected ${expected}. ` +
        `The file is corrupt or from another build. ${REBUILD}`,
    );
  }
  return bytes;
}

/** Reads and checks one split of `entry` (shapes, label range) into an ImageSet. */
export async function readImageSet(
  source: DatasetSource,
  manifest: Manifest,
  entry: DatasetEntry,
  split: SplitFiles,
): Promise<ImageSet> {
  const [height = 0, width = 0] = entry.inputDims;
  const images = parseIdx(
    await readVerified(source, manifest, split.images),
    source.describe(split.images),
    idxImageDims(split.count, height, width),
  );
  const labels = parseIdx(
    await readVerified(source, manifest, split.labels),
    source.describe(split.labels),
    idxLabelDims(split.count),
  );
  const [count, h, w] = images.dims;
  if (count !== split.count || h !== height || w !== width) {
    throw new DatasetFileError(
      source.describe(split.images),
      'dims',
      `${source.describe(split.images)} holds shape [${images.dims.join(', ')}], the manifest says ` +
        `[${split.count}, ${height}, ${width}]. ${REBUILD}`,
    );
  }
  if (labels.dims[0] !== split.count) {
    throw new DatasetFileError(
      source.describe(split.labels),
      'count',
      `${source.describe(split.labels)} holds shape [${labels.dims.join(', ')}], the manifest says ` +
        `[${split.count}]. ${REBUILD}`,
    );
  }
  const bad = labels.data.findIndex((label) => label >= entry.mapping.length);
  if (bad >= 0) {
    throw new DatasetFileError(
      source.describe(split.labels),
      `labels[${bad}]`,
      `${source.describe(split.labels)}: label ${labels.data[bad]} at index ${bad} is outside the ` +
        `${entry.mapping.length}-token mapping of ${entry.name}. ${REBUILD}`,
    );
  }
  return { images: images.data, labels: labels.data, count: split.count, height, width };
}
