import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type TfjsModelFiles, WEIGHTS_FILE } from '../engine/checkpoint/tfjsExport';

/** Writes model.json and weights.bin into a folder, the layout tf.loadLayersModel expects. */
export async function writeTfjsModelDir(dir: string, files: TfjsModelFiles): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'model.json'), JSON.stringify(files.modelJson));
  await writeFile(join(dir, WEIGHTS_FILE), files.weightsBin);
  return join(dir, 'model.json');
}

export async function readTfjsModelDir(dir: string): Promise<TfjsModelFiles> {
  const modelJson = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
  const weightsBin = new Uint8Array(await readFile(join(dir, WEIGHTS_FILE)));
  return { modelJson, weightsBin };
}
