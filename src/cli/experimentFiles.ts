/**
 * The files `npm run experiment` reads and writes, checked before any training: stale
 * temporary files from crashes removed, --checkpoint_dir and --log_dir writable (and --logger
 * known), --export_tfjs and --export_pytorch not another
 * program's folder, and checkpoints named by flags regular files of bounded size whose run name
 * can be a folder name.
 */

import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { assertRunName } from '../engine/checkpoint/checkpointId';
import { type Checkpoint, decodeCheckpoint } from '../engine/checkpoint/format';
import { CHECKPOINT_MAX_BYTES } from '../engine/checkpoint/limits';
import type { ExperimentConfig } from '../engine/config';
import { errorMessage } from '../engine/errorMessage';
import { parseLoggers } from '../engine/logging/loggerNames';
import { OPTIMIZER_FILE } from '../engine/pytorch/pytorchExport';
import { checkpointFromTorch } from '../engine/pytorch/pytorchImport';
import { cleanUpAfterCrashes, tempPathFor } from '../node/atomicFile';
import { readBoundedFile, UnreadableFileError } from '../node/boundedRead';
import { exportFolderProblem } from '../node/exportDir';
import { PYTORCH_EXPORT } from '../node/pytorchExportDir';
import { TFJS_EXPORT } from '../node/tfjsModelDir';

/** A flag naming a path that cannot be used; the command exits with code 2, having run nothing. */
export class PathFlagError extends Error {
  override readonly name = 'PathFlagError';
}

/** Creates, writes and removes a probe file in `dir`, so a read-only folder fails now, not after an epoch. */
async function checkWritable(dir: string, flag: string): Promise<void> {
  const probe = tempPathFor(join(dir, 'write-probe'));
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(probe, 'probe', { flag: 'wx' });
    await rm(probe);
  } catch (error) {
    throw new PathFlagError(
      `--${flag} ${dir} cannot be written (${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}). ` +
        `Choose a folder you can write with --${flag}, or make this one writable.`,
    );
  }
}

/** A checkpoint named by a flag (--load_checkpoint, --init_from): bounded read, then decoded. */
export async function readCheckpointFlag(path: string, flag: string): Promise<Checkpoint> {
  const full = resolve(path);
  const read = async (file: string) => {
    try {
      return await readBoundedFile(file, CHECKPOINT_MAX_BYTES, flag);
    } catch (error) {
      if (error instanceof UnreadableFileError) throw new PathFlagError(error.message);
      throw error;
    }
  };
  const bytes = await read(full);
  // A PyTorch export or train.py checkpoint: Adam's state sits beside it, when it was kept.
  let checkpoint: Checkpoint;
  if (full.endsWith('.safetensors')) {
    const optimizerPath = join(dirname(full), OPTIMIZER_FILE);
    const optimizer = basename(full) !== OPTIMIZER_FILE && existsSync(optimizerPath);
    checkpoint = checkpointFromTorch(
      bytes,
      optimizer ? await read(optimizerPath) : undefined,
      full,
    );
  } else checkpoint = decodeCheckpoint(bytes, full);
  assertRunName(checkpoint.meta.runName, full);
  return checkpoint;
}

/** Checks the folders the flags name before any work. */
export async function prepareExperimentFiles(
  config: ExperimentConfig,
  log: (line: string) => void,
): Promise<void> {
  const checkpointDir = resolve(String(config.checkpoint_dir));
  await checkWritable(checkpointDir, 'checkpoint_dir');
  const dirs = [checkpointDir];
  if (parseLoggers(String(config.logger)).length > 0) {
    const logDir = resolve(String(config.log_dir));
    await checkWritable(logDir, 'log_dir');
    dirs.push(logDir);
  }
  await cleanUpAfterCrashes(dirs, log);
  for (const [flag, kind] of [
    ['export_tfjs', TFJS_EXPORT],
    ['export_pytorch', PYTORCH_EXPORT],
  ] as const) {
    if (!config[flag]) continue;
    const problem = await exportFolderProblem(
      resolve(String(config[flag])),
      config.overwrite === true,
      kind,
    );
    if (problem) throw new PathFlagError(`--${flag}: ${problem}.`);
  }
  if (config.export_onnx) {
    const path = resolve(String(config.export_onnx));
    if (!path.endsWith('.onnx')) {
      throw new PathFlagError(`--export_onnx ${path} must name a .onnx file.`);
    }
    if (existsSync(path) && config.overwrite !== true) {
      throw new PathFlagError(
        `--export_onnx ${path} exists; choose a new file name, or add --overwrite to replace it.`,
      );
    }
  }
}
