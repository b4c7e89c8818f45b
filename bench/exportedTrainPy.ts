/**
 * The exported train.py's training samples/s on this machine (the lab's CNN, the same batch
 * size), on one process and on two DDP processes (gloo), beside the engine's in the same run.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeCheckpoint } from '../src/engine/checkpoint/format';
import { FileDatasetSource } from '../src/node/fileDatasetSource';
import { writePytorchExportDir } from '../src/node/pytorchExportDir';
import { createTestExperiment } from '../src/testing/experimentHarness';

const PYTHON = '/usr/bin/python3';

async function trainPy(dir: string, args: string[]): Promise<number> {
  const { stdout } = await promisify(execFile)(PYTHON, [join(dir, 'train.py'), ...args], {
    timeout: 900_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  const result = stdout
    .split('\n')
    .filter((line) => line.includes('train_samples_per_s'))
    .map((line) => JSON.parse(line))[0];
  return result.train_samples_per_s;
}

export async function measureExportedTrainPy(
  dataDir: string,
  dataClass: string,
  batches: number,
): Promise<Record<string, unknown>> {
  if (!existsSync(PYTHON)) return { pytorch_train_py: `skipped: ${PYTHON} not found` };
  const { experiment, store } = createTestExperiment(
    {
      data_class: dataClass,
      model_class: 'CNN',
      max_epochs: '1',
      limit_train_batches: '1',
      limit_val_batches: '1',
      limit_test_batches: '1',
    },
    { source: new FileDatasetSource(dataDir) },
  );
  const result = await experiment.run();
  const id = result.bestCheckpoint as string;
  const checkpoint = decodeCheckpoint(await store.load(id), id);
  experiment.dispose();
  const dir = join(mkdtempSync(join(tmpdir(), 'inklab-bench-pt-')), 'export');
  await writePytorchExportDir(dir, checkpoint, dataDir);
  const common = ['--max_epochs=2', `--limit_train_batches=${batches}`, `--data_dir=${dataDir}`];
  try {
    return {
      pytorch_train_py_samples_per_s: await trainPy(dir, [...common, '--threads=2']),
      pytorch_train_py_ddp_2_processes_samples_per_s: await trainPy(dir, [
        ...common,
        '--nproc=2',
        '--threads=1',
      ]),
    };
  } catch (error) {
    return { pytorch_train_py: `skipped: ${(error as Error).message.split('\n').at(-2)}` };
  }
}
