/** PyTorch export folders (--export_pytorch): model.py, safetensors weights, README. */
import { join, resolve } from 'node:path';
import type { Checkpoint } from '../engine/checkpoint/format';
import { CHECKPOINT_MAX_BYTES } from '../engine/checkpoint/limits';
import { OPTIMIZER_FILE, pytorchExport, WEIGHTS_FILE } from '../engine/pytorch/pytorchExport';
import { decodeSafetensors } from '../engine/pytorch/safetensors';
import { readBoundedFile } from './boundedRead';
import { type ExportKind, writeExportDir } from './exportDir';

export const PYTORCH_EXPORT: ExportKind = {
  files: new Set(['model.py', 'data.py', 'train.py', WEIGHTS_FILE, OPTIMIZER_FILE, 'README.md']),
  isOurs: async (dir) => {
    try {
      const path = join(dir, WEIGHTS_FILE);
      const bytes = await readBoundedFile(path, CHECKPOINT_MAX_BYTES, 'Weights file');
      return 'inklab' in decodeSafetensors(bytes, path).metadata;
    } catch {
      return false;
    }
  },
};

/** Writes the checkpoint's PyTorch export as the folder `dir`; returns model.py's path. */
export async function writePytorchExportDir(
  dir: string,
  checkpoint: Checkpoint,
  dataDir: string,
  overwrite = false,
): Promise<string> {
  await writeExportDir(dir, pytorchExport(checkpoint, resolve(dataDir)), PYTORCH_EXPORT, overwrite);
  return join(dir, 'model.py');
}
