/**
 * Finds the official EMNIST ByClass files among file names (a folder listing or the entries of
 * NIST's gzip.zip) and reads them out of the zip without inflating anything else.
 */
import { DatasetFileError } from './datasetFileError';
import { type EmnistFilePair, type EmnistSourceFiles, maxEmnistFileBytes } from './emnistBuild';
import { extractZipEntry, listZip, type ZipEntry } from './zip';

type Role = `${'train' | 'test'}-${'images' | 'labels'}`;

const EMNIST_NAME = /(?:^|\/)emnist-byclass-(train|test)-(images-idx3|labels-idx1)-ubyte(?:\.gz)?$/;

/** The entries of NIST's gzip.zip this importer reads; the train pair is optional. */
export const EXPECTED_EMNIST_FILES = [
  'gzip/emnist-byclass-test-images-idx3-ubyte.gz',
  'gzip/emnist-byclass-test-labels-idx1-ubyte.gz',
  'gzip/emnist-byclass-train-images-idx3-ubyte.gz (optional, with its labels)',
  'gzip/emnist-byclass-train-labels-idx1-ubyte.gz (optional, with its images)',
];

function roleOf(name: string): Role | null {
  const m = EMNIST_NAME.exec(name);
  if (!m) return null;
  return `${m[1]}-${m[2].slice(0, 6)}` as Role;
}

function listed(names: string[]): string {
  if (names.length === 0) return '(nothing)';
  const shown = names.slice(0, 20).join(', ');
  return names.length > 20 ? `${shown}, ... and ${names.length - 20} more` : shown;
}

/**
 * Picks the file name for each role. Throws, listing what was expected and found, when the test
 * pair is incomplete, the train pair is half there, or a role matches two names.
 */
export function matchEmnistFiles(names: string[], where: string): Map<Role, string> {
  const roles = new Map<Role, string>();
  for (const name of names) {
    const role = roleOf(name);
    if (!role) continue;
    const previous = roles.get(role);
    if (previous) {
      throw new Error(
        `${where} holds two files for the EMNIST ${role} file: ${previous} and ${name}. Keep only one.`,
      );
    }
    roles.set(role, name);
  }
  const hasTrain = roles.has('train-images') || roles.has('train-labels');
  const complete =
    roles.has('test-images') &&
    roles.has('test-labels') &&
    (!hasTrain || (roles.has('train-images') && roles.has('train-labels')));
  if (!complete) {
    throw new Error(
      `${where} does not hold the EMNIST ByClass files. Expected: ${EXPECTED_EMNIST_FILES.join('; ')}. ` +
        `Found: ${listed(names)}. Pass the gzip.zip downloaded from NIST ` +
        '(https://www.nist.gov/itl/products-and-services/emnist-dataset) or a folder with its ' +
        'emnist-byclass-*-ubyte.gz files.',
    );
  }
  return roles;
}

/**
 * Assembles the source files from role -> name and a way to read a name's bytes, which must
 * refuse a file over `maxBytes` (the most an official file of that kind may hold).
 */
export function emnistSourceFiles(
  roles: Map<Role, string>,
  read: (name: string, maxBytes: number) => Uint8Array,
): EmnistSourceFiles {
  const pair = (split: 'train' | 'test'): EmnistFilePair | undefined => {
    const images = roles.get(`${split}-images`);
    const labels = roles.get(`${split}-labels`);
    if (!images || !labels) return undefined;
    return {
      images: { name: images, bytes: read(images, maxEmnistFileBytes('images')) },
      labels: { name: labels, bytes: read(labels, maxEmnistFileBytes('labels')) },
    };
  };
  const test = pair('test');
  if (!test)
    throw new Error('emnistSourceFiles: the test pair is missing (use matchEmnistFiles first).');
  const train = pair('train');
  return train ? { train, test } : { test };
}

/**
 * Reads the EMNIST ByClass entries of NIST's gzip.zip, inflating only those, each within the
 * size an official file may have and checked against the zip's CRC-32 and sizes.
 */
export function readEmnistZip(zip: Uint8Array, zipName: string): EmnistSourceFiles {
  const entries = listZip(zip, zipName);
  const names = entries.map((e) => e.name).filter((name) => !name.endsWith('/'));
  const roles = matchEmnistFiles(names, zipName);
  const byName = new Map(entries.map((e) => [e.name, e]));
  return emnistSourceFiles(roles, (name, maxBytes) =>
    extractZipEntry(zip, zipName, byName.get(name) as ZipEntry, maxBytes),
  );
}

/** Refuses a file `name` of `size` bytes when that is more than an official file may hold. */
export function checkEmnistFileSize(name: string, size: number, maxBytes: number): void {
  if (size > maxBytes) {
    throw new DatasetFileError(
      name,
      'size',
      `${name} is ${size} bytes, more than the ${maxBytes} an official EMNIST file of its ` +
        "kind may hold. Use the files of NIST's gzip.zip.",
    );
  }
}
