import { lstat, mkdir, realpath, rm, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { assertCheckpointId, checkpointIdProblem } from '../engine/checkpoint/checkpointId';
import { CHECKPOINT_MAX_BYTES } from '../engine/checkpoint/limits';
import type { CheckpointStore } from '../engine/checkpoint/store';
import { writeFileAtomic } from './atomicFile';
import { readBoundedFile } from './boundedRead';

/** A checkpoint path that a symlink leads out of the store's root folder. */
export class OutsideStoreError extends Error {
  override readonly name = 'OutsideStoreError';
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

const missing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Checkpoints as files `<root>/<runName>/<file>.ckpt`. Only checkpoint ids are accepted, every
 * path is resolved and checked to stay inside the root (symlinked run folders or files leading
 * out are refused), and writes are atomic.
 */
export class FileCheckpointStore implements CheckpointStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** The file of `id`; throws CheckpointIdError for anything that is not a checkpoint id. */
  path(id: string): string {
    const path = resolve(this.root, assertCheckpointId(id, `The checkpoint folder ${this.root}`));
    if (!inside(this.root, path)) throw new OutsideStoreError(`${path} is outside ${this.root}.`);
    return path;
  }

  describe(id: string): string {
    return checkpointIdProblem(id) === undefined
      ? this.path(id)
      : `checkpoint ${JSON.stringify(id)} (not a checkpoint id) in ${this.root}`;
  }

  /** Throws OutsideStoreError when `path`, once symlinks are resolved, is not inside the root. */
  private async checkReal(path: string): Promise<void> {
    const realRoot = await realpath(this.root);
    const real = await realpath(path).catch(async (error) => {
      const link = await lstat(path).then(
        (info) => info.isSymbolicLink(),
        () => false,
      );
      if (!link) throw error;
      throw new OutsideStoreError(
        `${path} is a symbolic link that leads nowhere; nothing was written through it. ` +
          'Remove the link or choose another --checkpoint_dir.',
      );
    });
    if (!inside(realRoot, real)) {
      throw new OutsideStoreError(
        `${path} leads to ${real}, outside the checkpoint folder ${this.root} (a symbolic link); ` +
          'nothing was read, written or removed there. Remove the link or choose another --checkpoint_dir.',
      );
    }
  }

  async save(id: string, bytes: Uint8Array): Promise<void> {
    const path = this.path(id);
    const dir = dirname(path);
    await mkdir(this.root, { recursive: true });
    // Not recursive: only the run folder itself is made, never a folder a link points at.
    await mkdir(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
    await this.checkReal(dir);
    await writeFileAtomic(path, bytes);
  }

  async load(id: string): Promise<Uint8Array> {
    const path = this.path(id);
    try {
      await this.checkReal(path);
    } catch (error) {
      if (!missing(error)) throw error;
      throw new Error(`Cannot read checkpoint ${path}: it does not exist.`);
    }
    return readBoundedFile(path, CHECKPOINT_MAX_BYTES, 'Checkpoint');
  }

  async has(id: string): Promise<boolean> {
    const path = this.path(id);
    try {
      await this.checkReal(path);
      return (await stat(path)).isFile();
    } catch (error) {
      if (missing(error)) return false;
      throw error;
    }
  }

  /** Deletes `id`; a missing file is not an error. A symlink is removed, never its target. */
  async remove(id: string): Promise<void> {
    const path = this.path(id);
    try {
      await this.checkReal(dirname(path));
      await lstat(path);
    } catch (error) {
      if (missing(error)) return;
      throw error;
    }
    await rm(path, { force: true });
  }
}
