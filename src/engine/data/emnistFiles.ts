/**
 * Finds the official EMNIST ByClass files among file names (a folder listing or the entries of
 * NIST's gzip.zip) and reads them out of the zip without inflating anything else.
 */
import { unzipSync } from 'fflate';
import type { EmnistFilePair, EmnistSourceFiles } from './emnistBuild';

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

/** Assembles the source files from role -> name and a way to read a name's bytes. */
export function emnistSourceFiles(
  roles: Map<Role, string>,
  read: (name: string) => Uint8Array,
): EmnistSourceFiles {
  const pair = (split: 'train' | 'test'): EmnistFilePair | undefined => {
    const images = roles.get(`${split}-images`);
    const labels = roles.get(`${split}-labels`);
    if (!images || !labels) return undefined;
    return {
      images: { name: images, bytes: read(images) },
      labels: { name: labels, bytes: read(labels) },
    };
  };
  const test = pair('test');
  if (!test)
    throw new Error('emnistSourceFiles: the test pair is missing (use matchEmnistFiles first).');
  const train = pair('train');
  return train ? { train, test } : { test };
}

/** Reads the EMNIST ByClass entries of NIST's gzip.zip, inflating only those entries. */
export function readEmnistZip(zip: Uint8Array, zipName: string): EmnistSourceFiles {
  const names: string[] = [];
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip, {
      filter: (file) => {
        if (!file.name.endsWith('/')) names.push(file.name);
        return roleOf(file.name) !== null;
      },
    });
  } catch (error) {
    throw new Error(
      `${zipName} could not be read as a zip file (${(error as Error).message}). ` +
        'The download may be incomplete: download gzip.zip again.',
    );
  }
  const roles = matchEmnistFiles(names, zipName);
  return emnistSourceFiles(roles, (name) => entries[name]);
}
