/**
 * tfjs layers model folders (model.json + weights.bin, the layout tf.loadLayersModel expects),
 * written whole or not at all: into a temporary sibling folder, then swapped in. A folder that
 * holds anything but an earlier Inklab export is replaced only when the caller says so.
 */
import { lstat, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type TfjsModelFiles, WEIGHTS_FILE } from '../engine/checkpoint/tfjsExport';
import { syncFolder, tempPathFor, writeFileAtomic } from './atomicFile';
import { readBoundedFile } from './boundedRead';

const MODEL_FILE = 'model.json';
const EXPORT_FILES = new Set([MODEL_FILE, WEIGHTS_FILE]);
/** model.json holds the topology and metadata only; the weights are in weights.bin. */
const MODEL_JSON_MAX_BYTES = 16e6;

/** An --export_tfjs folder that may not be written: a file, or another program's folder. */
export class ExportFolderError extends Error {
  override readonly name = 'ExportFolderError';
}

/** Whether model.json is one Inklab's CLI wrote: its metadata names the run and checkpoint. */
async function isInklabModelJson(path: string): Promise<boolean> {
  try {
    const json = JSON.parse(
      new TextDecoder().decode(await readBoundedFile(path, MODEL_JSON_MAX_BYTES, 'Model file')),
    );
    const meta = json?.userDefinedMetadata;
    return (
      typeof meta?.run === 'string' &&
      typeof meta?.checkpoint === 'string' &&
      Array.isArray(meta?.mapping)
    );
  } catch {
    return false;
  }
}

/**
 * Why writing an export into `dir` would destroy something, or undefined when `dir` is
 * missing, empty or an earlier Inklab export. `overwrite` accepts any folder, never a file.
 */
export async function exportFolderProblem(
  dir: string,
  overwrite: boolean,
): Promise<string | undefined> {
  const info = await lstat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (info === undefined) return undefined;
  if (!info.isDirectory()) return `${dir} is not a folder; give a folder's path`;
  if (overwrite) return undefined;
  const names = await readdir(dir);
  if (names.length === 0) return undefined;
  const foreign = names.filter((name) => !EXPORT_FILES.has(name));
  if (foreign.length === 0 && (await isInklabModelJson(join(dir, MODEL_FILE)))) return undefined;
  const shown = (foreign.length > 0 ? foreign : names).slice(0, 3).join(', ');
  return (
    `${dir} is not empty and is not an earlier Inklab export (it holds ${shown}); ` +
    'choose an empty or new folder, or add --overwrite to replace everything in it'
  );
}

/**
 * Writes `files` as the folder `dir`, replacing an earlier export there; throws
 * ExportFolderError (writing nothing) when exportFolderProblem finds one. Returns model.json's path.
 */
export async function writeTfjsModelDir(
  dir: string,
  files: TfjsModelFiles,
  overwrite = false,
): Promise<string> {
  const problem = await exportFolderProblem(dir, overwrite);
  if (problem) throw new ExportFolderError(`Cannot export the model: ${problem}.`);
  await mkdir(dirname(dir), { recursive: true });
  const staged = tempPathFor(dir);
  const replaced = tempPathFor(dir);
  try {
    await mkdir(staged);
    await writeFileAtomic(join(staged, MODEL_FILE), JSON.stringify(files.modelJson));
    await writeFileAtomic(join(staged, WEIGHTS_FILE), files.weightsBin);
    const hadFolder = await rename(dir, replaced).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return false;
        throw error;
      },
    );
    await rename(staged, dir);
    await syncFolder(dirname(dir));
    if (hadFolder) await rm(replaced, { recursive: true, force: true });
  } catch (error) {
    await rm(staged, { recursive: true, force: true });
    throw error;
  }
  return join(dir, MODEL_FILE);
}

export async function readTfjsModelDir(dir: string): Promise<TfjsModelFiles> {
  const modelJson = JSON.parse(await readFile(join(dir, MODEL_FILE), 'utf8'));
  const weightsBin = new Uint8Array(await readFile(join(dir, WEIGHTS_FILE)));
  return { modelJson, weightsBin };
}
