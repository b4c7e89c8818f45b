/**
 * The built datasets folder on disk: reading and writing manifest.json, writing dataset files
 * atomically (so an interrupted build never leaves a half file behind a valid manifest), and
 * checking files against the manifest.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  emptyManifest,
  type FileInfo,
  MANIFEST_FILE,
  type Manifest,
  parseManifest,
} from '../engine/data/manifest';
import { sha256Hex } from '../engine/data/sha256';
import { writeFileAtomic } from './atomicFile';

/** The manifest in `outDir`, or an empty one when there is none yet. */
export async function readManifestFile(outDir: string): Promise<Manifest> {
  const path = join(outDir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyManifest();
    throw error;
  }
  return parseManifest(text, path);
}

/**
 * Like readManifestFile, but an unreadable manifest is replaced by an empty one (with a
 * warning) so that rebuilding, the fix the error messages suggest, always works.
 */
export async function readOrResetManifest(
  outDir: string,
  log: (line: string) => void,
): Promise<Manifest> {
  try {
    return await readManifestFile(outDir);
  } catch (error) {
    log(
      `warning: ${(error as Error).message} Starting a new manifest; datasets not rebuilt now must be rebuilt.`,
    );
    const manifest = emptyManifest();
    await writeManifestFile(outDir, manifest);
    return manifest;
  }
}

export async function writeManifestFile(outDir: string, manifest: Manifest): Promise<void> {
  await writeFileAtomic(join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Writes each file under `outDir` and returns its size and SHA-256 for the manifest. */
export async function writeDatasetFiles(
  outDir: string,
  files: Map<string, Uint8Array>,
): Promise<Record<string, FileInfo>> {
  const infos: Record<string, FileInfo> = {};
  for (const [path, bytes] of files) {
    await writeFileAtomic(join(outDir, path), bytes);
    infos[path] = { bytes: bytes.length, sha256: await sha256Hex(bytes) };
  }
  return infos;
}

/**
 * Whether every path is on disk as the manifest describes it: `size` compares only sizes (a
 * fast check for every start), `sha256` also re-hashes the contents.
 */
export async function filesMatch(
  outDir: string,
  manifest: Manifest,
  paths: string[],
  check: 'size' | 'sha256',
): Promise<boolean> {
  for (const path of paths) {
    const info = manifest.files[path];
    if (!info) return false;
    const full = join(outDir, path);
    const size = await stat(full).then(
      (s) => s.size,
      () => -1,
    );
    if (size !== info.bytes) return false;
    if (
      check === 'sha256' &&
      (await sha256Hex(new Uint8Array(await readFile(full)))) !== info.sha256
    )
      return false;
  }
  return true;
}
