/**
 * EMNIST from the official NIST files a user picked: size checks, then the engine's parsing,
 * splitting and packing, the same as `npm run datasets -- --emnist`. Nothing here stores.
 */
import { type PackedDataset, packImageDataset } from '../engine/data/datasetPack';
import {
  buildEmnistSplits,
  DEFAULT_EMNIST_SEED,
  type EmnistSourceFiles,
} from '../engine/data/emnistBuild';
import {
  checkEmnistFileSize,
  EXPECTED_EMNIST_FILES,
  emnistSourceFiles,
  matchEmnistFiles,
  readEmnistZip,
} from '../engine/data/emnistFiles';
import { EMNIST_MAPPING } from '../engine/data/emnistMapping';
import { IMPORTED_DIR } from './importedDatasetStore';
import { megabytes } from './storageErrors';

/** NIST's gzip.zip is about 562 MB; its byclass .gz files are smaller. */
export const MAX_EMNIST_FILE_BYTES = 800e6;
export const MAX_EMNIST_TOTAL_BYTES = 1200e6;

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

const WHAT_TO_PICK = `Pick NIST's gzip.zip alone, or its byclass .gz files (${EXPECTED_EMNIST_FILES.join('; ')}).`;

function isZip(file: UploadedFile): boolean {
  const b = file.bytes;
  return b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}

/** Checks sizes and picks the official byclass files out of a zip or a set of .gz files. */
export function emnistSourceFromUpload(files: UploadedFile[]): EmnistSourceFiles {
  if (files.length === 0) throw new Error(`No files were given. ${WHAT_TO_PICK}`);
  let total = 0;
  for (const file of files) {
    if (file.bytes.length === 0) throw new Error(`"${file.name}" is empty. ${WHAT_TO_PICK}`);
    if (file.bytes.length > MAX_EMNIST_FILE_BYTES) {
      throw new Error(
        `"${file.name}" is ${megabytes(file.bytes.length)}, more than the ` +
          `${megabytes(MAX_EMNIST_FILE_BYTES)} an EMNIST file may have. ${WHAT_TO_PICK}`,
      );
    }
    total += file.bytes.length;
  }
  if (total > MAX_EMNIST_TOTAL_BYTES) {
    throw new Error(
      `The chosen files hold ${megabytes(total)}, more than the ${megabytes(MAX_EMNIST_TOTAL_BYTES)} ` +
        `an EMNIST import may have. ${WHAT_TO_PICK}`,
    );
  }
  const zips = files.filter(isZip);
  if (zips.length > 0) {
    if (files.length > 1) {
      throw new Error(
        `"${zips[0].name}" is a zip file but ${files.length} files were chosen. ${WHAT_TO_PICK}`,
      );
    }
    return readEmnistZip(zips[0].bytes, `"${zips[0].name}"`);
  }
  const byName = new Map(files.map((f) => [f.name, f.bytes]));
  const roles = matchEmnistFiles([...byName.keys()], 'The chosen files');
  return emnistSourceFiles(roles, (name, maxBytes) => {
    const bytes = byName.get(name) as Uint8Array;
    checkEmnistFileSize(`"${name}"`, bytes.length, maxBytes);
    return bytes;
  });
}

/** Parses, splits (the lab's seeded split, balanced) and packs the files like the CLI. */
export function buildImportedEmnist(
  files: UploadedFile[],
  onProgress: (message: string) => void,
): PackedDataset {
  const source = emnistSourceFromUpload(files);
  const splits = buildEmnistSplits(source, {
    balance: true,
    seed: DEFAULT_EMNIST_SEED,
    onProgress,
  });
  const names = files.map((f) => f.name).join(', ');
  return packImageDataset(
    {
      name: 'EMNIST',
      dir: `${IMPORTED_DIR}/emnist`,
      mapping: [...EMNIST_MAPPING],
      source: `${splits.description}; imported in the browser from ${names}`,
      balanced: true,
      seed: DEFAULT_EMNIST_SEED,
    },
    splits,
    onProgress,
  );
}
