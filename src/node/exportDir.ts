/**
 * Export folders (a tfjs layers model, a PyTorch export) written whole or not at all: into a
 * temporary sibling folder, then swapped in. A folder that holds anything but an earlier Inklab
 * export of the same kind is replaced only when the caller says so.
 */
import { lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { syncFolder, tempPathFor, writeFileAtomic } from './atomicFile';

/** An export folder that may not be written: a file, or another program's folder. */
export class ExportFolderError extends Error {
  override readonly name = 'ExportFolderError';
}

export interface ExportKind {
  /** The file names an export of this kind holds. */
  files: ReadonlySet<string>;
  /** Whether a folder holding only such names is one Inklab wrote (its metadata says so). */
  isOurs: (dir: string) => Promise<boolean>;
}

/**
 * Why writing an export into `dir` would destroy something, or undefined when `dir` is
 * missing, empty or an earlier Inklab export of this kind. `overwrite` accepts any folder,
 * never a file.
 */
export async function exportFolderProblem(
  dir: string,
  overwrite: boolean,
  kind: ExportKind,
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
  const foreign = names.filter((name) => !kind.files.has(name));
  if (foreign.length === 0 && (await kind.isOurs(dir))) return undefined;
  const shown = (foreign.length > 0 ? foreign : names).slice(0, 3).join(', ');
  return (
    `${dir} is not empty and is not an earlier Inklab export (it holds ${shown}); ` +
    'choose an empty or new folder, or add --overwrite to replace everything in it'
  );
}

/**
 * Writes `files` as the folder `dir`, replacing an earlier export there; throws
 * ExportFolderError (writing nothing) when exportFolderProblem finds one.
 */
export async function writeExportDir(
  dir: string,
  files: Record<string, string | Uint8Array>,
  kind: ExportKind,
  overwrite = false,
): Promise<void> {
  const problem = await exportFolderProblem(dir, overwrite, kind);
  if (problem) throw new ExportFolderError(`Cannot export the model: ${problem}.`);
  await mkdir(dirname(dir), { recursive: true });
  const staged = tempPathFor(dir);
  const replaced = tempPathFor(dir);
  try {
    await mkdir(staged);
    for (const [name, content] of Object.entries(files))
      await writeFileAtomic(join(staged, name), content);
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
}
