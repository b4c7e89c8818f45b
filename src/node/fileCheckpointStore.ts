import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { CheckpointStore } from '../engine/checkpoint/store';

/** Checkpoints as files under a root folder; writes go through a temp file so a crash never leaves half a checkpoint. */
export class FileCheckpointStore implements CheckpointStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  path(id: string): string {
    return join(this.root, id);
  }

  describe(id: string): string {
    return this.path(id);
  }

  async save(id: string, bytes: Uint8Array): Promise<void> {
    const path = this.path(id);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(`${path}.tmp`, bytes);
    await rename(`${path}.tmp`, path);
  }

  async load(id: string): Promise<Uint8Array> {
    try {
      return new Uint8Array(await readFile(this.path(id)));
    } catch (error) {
      throw new Error(`Cannot read checkpoint ${this.path(id)}: ${(error as Error).message}`);
    }
  }

  async has(id: string): Promise<boolean> {
    try {
      return (await stat(this.path(id))).isFile();
    } catch {
      return false;
    }
  }

  async remove(id: string): Promise<void> {
    await rm(this.path(id), { force: true });
  }
}
