/** tfjs layers model folders (model.json + weights.bin, the layout tf.loadLayersModel expects). */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type TfjsModelFiles, WEIGHTS_FILE } from '../engine/checkpoint/tfjsExport';
import { readBoundedFile } from './boundedRead';
import { type ExportKind, writeExportDir } from './exportDir';

const MODEL_FILE = 'model.json';
/** model.json holds the topology and metadata only; the weights are in weights.bin. */
const MODEL_JSON_MAX_BYTES = 16e6;

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

export const TFJS_EXPORT: ExportKind = {
  files: new Set([MODEL_FILE, WEIGHTS_FILE]),
  isOurs: (dir) => isInklabModelJson(join(dir, MODEL_FILE)),
};

/** Writes `files` as the folder `dir` (see writeExportDir). Returns model.json's path. */
export async function writeTfjsModelDir(
  dir: string,
  files: TfjsModelFiles,
  overwrite = false,
): Promise<string> {
  await writeExportDir(
    dir,
    { [MODEL_FILE]: JSON.stringify(files.modelJson), [WEIGHTS_FILE]: files.weightsBin },
    TFJS_EXPORT,
    overwrite,
  );
  return join(dir, MODEL_FILE);
}

export async function readTfjsModelDir(dir: string): Promise<TfjsModelFiles> {
  const modelJson = JSON.parse(await readFile(join(dir, MODEL_FILE), 'utf8'));
  const weightsBin = new Uint8Array(await readFile(join(dir, WEIGHTS_FILE)));
  return { modelJson, weightsBin };
}
