/** DatasetSource over a folder on disk (public/datasets for the CLI, a cache folder in tests). */
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, normalize, resolve } from 'node:path';
import { DatasetFileError } from '../engine/data/datasetFileError';
import type { DatasetSource } from '../engine/data/types';

export class FileDatasetSource implements DatasetSource {
  readonly rootDir: string;

  constructor(rootDir: string) {
    this.rootDir = resolve(rootDir);
  }

  async read(path: string, expectedBytes?: number): Promise<Uint8Array> {
    const full = this.describe(path);
    try {
      // Sized before reading: a device, a pipe or a file of another size is never read.
      const info = await stat(full);
      if (!info.isFile()) {
        throw new DatasetFileError(
          full,
          'type',
          `Dataset file ${full} is not a regular file. Rebuild the datasets with \`npm run datasets\`.`,
        );
      }
      if (expectedBytes !== undefined && info.size !== expectedBytes) {
        throw new DatasetFileError(
          full,
          'bytes',
          `Dataset file ${full} is ${info.size} bytes, the manifest lists ${expectedBytes}: it is ` +
            'corrupt or from another build. Rebuild the datasets with `npm run datasets`.',
        );
      }
      const buffer = await readFile(full);
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    } catch (error) {
      if (error instanceof DatasetFileError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        throw new Error(
          `Dataset file ${full} does not exist. Build the datasets with \`npm run datasets\`.`,
        );
      }
      throw new Error(`Could not read dataset file ${full}: ${(error as Error).message}`);
    }
  }

  describe(path: string): string {
    // Manifest paths are relative and stay inside the root; anything else is a broken manifest.
    if (isAbsolute(path) || normalize(path).split(/[\\/]/).includes('..')) {
      throw new Error(
        `Dataset path "${path}" must be relative to ${this.rootDir} and stay inside it.`,
      );
    }
    return join(this.rootDir, path);
  }
}
