/**
 * The GPU bench: the lab's CNN trained by the engine's Trainer on WebGPU (Dawn in Node, the
 * page's backend code) and by PyTorch on the same machine (CUDA where it has one), batch size
 * by batch size and round by round, so both see the same machine state. Prints one JSON object:
 * samples/s of each and their ratio, dispatches, submits and readbacks per step, and GPU time
 * per kernel from timestamp queries where the adapter has them. Runs here on SwiftShader (a
 * check that it works) and, carried by `npm run bench:gpu`, on a GPU machine.
 *
 *   node gpu-bench.mjs --data DIR --pytorch pytorch_cnn.py [--python python3] [--batches 1,128,1024]
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs, promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/engine/backends/initBackend';
import { createDataModule } from '../../src/engine/data/registry';
import { LitModel } from '../../src/engine/lit/litModel';
import { buildCNN } from '../../src/engine/models/cnn';
import { FileDatasetSource } from '../../src/node/fileDatasetSource';
import { provideNodeWebGpu } from '../../src/node/nodeWebGpu';
import { labCnn } from '../labCnn';
import { timedTrainerEpoch } from '../timedTrainerEpoch';
import { GpuCallCounter, kernelTimes } from './gpuCounters';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string' },
    pytorch: { type: 'string' },
    python: { type: 'string', default: 'python3' },
    batches: { type: 'string', default: '1,128,1024' },
    steps: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '3' },
    // The lab's CNN by default; smaller to check the bench quickly on a software adapter.
    conv_dim: { type: 'string', default: String(labCnn.conv_dim) },
    fc_dim: { type: 'string', default: String(labCnn.fc_dim) },
    out: { type: 'string' },
  },
});

function positiveInts(text: string, flag: string): number[] {
  const values = text.split(',').map(Number);
  if (values.some((v) => !Number.isSafeInteger(v) || v < 1)) {
    throw new Error(`--${flag} takes positive whole numbers separated by commas, got '${text}'.`);
  }
  return values;
}

interface PyTorchRun {
  samples_per_s: number;
  torch: string;
  device: string;
}

async function pytorchRun(batchSize: number, steps: number, model: string[]): Promise<PyTorchRun> {
  const { stdout } = await promisify(execFile)(
    args.python as string,
    [
      args.pytorch as string,
      '--device',
      'auto',
      '--batch_size',
      String(batchSize),
      '--steps',
      String(steps),
      ...model,
    ],
    { timeout: 600_000 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) as string);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  if (!args.data || !args.pytorch) {
    throw new Error('Give --data (the EMNIST sample folder) and --pytorch (pytorch_cnn.py).');
  }
  const batches = positiveInts(args.batches as string, 'batches');
  const [steps, rounds, convDim, fcDim] = ['steps', 'rounds', 'conv_dim', 'fc_dim'].map(
    (flag) => positiveInts(args[flag as keyof typeof args] as string, flag)[0],
  );
  const cnn = { ...labCnn, conv_dim: convDim, fc_dim: fcDim };
  const modelFlags = ['--conv_dim', String(convDim), '--fc_dim', String(fcDim)];
  const gpu = await provideNodeWebGpu();
  await initBackend('webgpu');
  const results: Record<string, unknown> = {
    adapter: gpu.adapter,
    timestamp_query: gpu.timestampQuery,
    node: process.version,
    load_average_before: loadavg(),
    model: { conv_dim: convDim, fc_dim: fcDim },
    steps_per_round: steps,
    rounds,
  };
  const perBatch: Record<string, Record<string, unknown>> = {};
  for (const batchSize of batches) {
    process.stderr.write(
      `[gpu bench] CNN (conv_dim ${convDim}, fc_dim ${fcDim}), batch ${batchSize}\n`,
    );
    const data = createDataModule('EMNIST', new FileDatasetSource(args.data), {
      batch_size: batchSize,
    });
    await data.setup();
    const module = new LitModel(buildCNN(data.config(), cnn, 1), {
      optimizer: 'adam',
      lr: 1e-3,
      oneCycleTotalSteps: 100,
    });
    // Warm-up (shader compilation, first uploads), not counted; then the dispatches, submits
    // and readbacks of one epoch's training loop, which are the same every epoch.
    await timedTrainerEpoch(module, data, batchSize, 2);
    const counter = new GpuCallCounter();
    await timedTrainerEpoch(module, data, batchSize, steps, {}, counter);
    counter.dispose();
    const counted = counter.calls;
    const engine: number[] = [];
    const torch: PyTorchRun[] = [];
    for (let round = 0; round < rounds; round++) {
      engine.push((steps * batchSize) / (await timedTrainerEpoch(module, data, batchSize, steps)));
      torch.push(await pytorchRun(batchSize, steps, modelFlags));
    }
    const [batch] = data.batches('train', { batchSize, limitBatches: 1 });
    const kernels = gpu.timestampQuery ? await kernelTimes(module, batch) : undefined;
    tf.dispose([batch.x, batch.y]);
    module.dispose();
    data.dispose();
    const webgpu = median(engine);
    const pytorch = median(torch.map((t) => t.samples_per_s));
    results.pytorch = `${torch[0].torch} on ${torch[0].device}`;
    perBatch[batchSize] = {
      webgpu_samples_per_s: webgpu,
      pytorch_samples_per_s: pytorch,
      webgpu_vs_pytorch_ratio: webgpu / pytorch,
      webgpu_ms_per_step: (1000 * batchSize) / webgpu,
      pytorch_ms_per_step: (1000 * batchSize) / pytorch,
      webgpu_rounds_samples_per_s: engine,
      pytorch_rounds_samples_per_s: torch.map((t) => t.samples_per_s),
      dispatches_per_step: counted.dispatches / steps,
      submits_per_step: counted.submits / steps,
      readbacks_per_step: counted.readbacks / steps,
      ...(kernels ? { kernel_ms_per_step: kernels } : {}),
    };
  }
  results.batches = perBatch;
  results.load_average_after = loadavg();
  const json = `${JSON.stringify(results, null, 2)}\n`;
  if (args.out) writeFileSync(args.out, json);
  process.stdout.write(json);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
