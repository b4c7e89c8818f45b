/**
 * Builds EMNIST into the datasets folder from the official NIST files: a folder holding
 * emnist-byclass-*-ubyte.gz files, or NIST's gzip.zip itself.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { packImageDataset } from '../engine/data/datasetPack';
import {
  buildEmnistSplits,
  type EmnistBuildOptions,
  type EmnistSourceFiles,
  maxEmnistFileBytes,
} from '../engine/data/emnistBuild';
import {
  checkEmnistFileSize,
  emnistSourceFiles,
  matchEmnistFiles,
  readEmnistZip,
} from '../engine/data/emnistFiles';
import { EMNIST_MAPPING } from '../engine/data/emnistMapping';
import { type DatasetEntry, withDataset } from '../engine/data/manifest';
import { readOrResetManifest, writeDatasetFiles, writeManifestFile } from './datasetStore';

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

/** Reads the official files from a folder or a zip at `input`. */
export async function readEmnistInput(
  input: string,
  log: (line: string) => void,
): Promise<EmnistSourceFiles> {
  const info = await stat(input).catch(() => {
    throw new Error(
      `EMNIST input ${input} does not exist. Pass NIST's gzip.zip or a folder with its ` +
        'emnist-byclass-*-ubyte.gz files, or use --emnist-download.',
    );
  });
  if (info.isDirectory()) {
    const roles = matchEmnistFiles((await readdir(input)).sort(), input);
    const bytes = new Map<string, Uint8Array>();
    for (const name of roles.values()) {
      // Sized before reading: a device, a pipe or a huge file is refused, not read.
      const path = join(input, name);
      const file = await stat(path);
      if (!file.isFile()) throw new Error(`${path} is not a regular file. Pass NIST's .gz files.`);
      checkEmnistFileSize(path, file.size, maxEmnistFileBytes('images'));
      bytes.set(name, new Uint8Array(await readFile(path)));
    }
    return emnistSourceFiles(roles, (name, maxBytes) => {
      const read = bytes.get(name) as Uint8Array;
      checkEmnistFileSize(join(input, name), read.length, maxBytes);
      return read;
    });
  }
  if (!info.isFile()) {
    throw new Error(
      `EMNIST input ${input} is neither a folder nor a regular file. Pass NIST's gzip.zip.`,
    );
  }
  log(`EMNIST: reading ${input} (${megabytes(info.size)})`);
  const zip = new Uint8Array(await readFile(input));
  log('EMNIST: inflating the byclass entries');
  return readEmnistZip(zip, input);
}

/** Builds EMNIST from `input` into `outDir`, replacing any earlier EMNIST build there. */
export async function buildEmnist(
  outDir: string,
  input: string,
  options: Pick<EmnistBuildOptions, 'balance' | 'seed'>,
  log: (line: string) => void,
): Promise<DatasetEntry> {
  const files = await readEmnistInput(input, log);
  const splits = buildEmnistSplits(files, { ...options, onProgress: log });
  const packed = packImageDataset(
    {
      name: 'EMNIST',
      dir: 'emnist',
      mapping: [...EMNIST_MAPPING],
      source: `${splits.description}; from ${basename(input)}`,
      balanced: options.balance,
      seed: options.seed,
    },
    splits,
    log,
  );
  log(`EMNIST: writing ${packed.files.size} files to ${outDir}`);
  const infos = await writeDatasetFiles(outDir, packed.files);
  await writeManifestFile(
    outDir,
    withDataset(await readOrResetManifest(outDir, log), packed.entry, infos),
  );
  return packed.entry;
}
