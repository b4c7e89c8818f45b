/**
 * `npm run bench`: prints one JSON object. Throughputs are `<what>_samples_per_s`, ratios
 * `<what>_ratio` (measured side by side in this run), times `<what>_s`; the load average sits
 * beside them because these machines are shared.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '../src/engine/backends/initBackend';
import { FileDatasetSource } from '../src/node/fileDatasetSource';
import { initWasmWithThreads } from '../src/node/wasmThreads';
import { measureBrowser } from './browser';
import { measureCheckpointTimes } from './checkpointTimes';
import { measureDatasetTimes } from './datasetTimes';
import { measureDivergenceCheck } from './divergenceCheckCost';
import { measureExportedTrainPy } from './exportedTrainPy';
import { runLineReaderBench } from './lineReaderThroughput';
import { measureLineThroughput } from './lineThroughput';
import { measureLineCnnThroughput, measureMicroBatchCost } from './microBatchThroughput';
import { measurePyTorch } from './pytorchReference';
import { runQualityBench } from './quality';
import { measureThreadedThroughput } from './threadedThroughput';
import { measureTrainingThroughput } from './trainingThroughput';

const quick = process.argv.includes('--quick');
const prefixed = (prefix: string, values: object) =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [`${prefix}${k}`, v]));
const scratch = mkdtempSync(join(tmpdir(), 'inklab-bench-'));
const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);

try {
  if (process.argv.includes('--quality')) {
    await runQualityBench(progress);
    process.exit(0);
  }
  if (process.argv.includes('--line-reader')) {
    await runLineReaderBench(progress);
    process.exit(0);
  }
  const hardware = await initWasmWithThreads(1);
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model,
    backend: hardware.description,
    load_average_start: loadavg(),
  };
  progress('dataset build and load times');
  const datasets = await measureDatasetTimes(scratch, progress);
  Object.assign(results, datasets.times);
  progress(`training throughput of the lab's CNN on ${datasets.trainingData.name}, batch 128`);
  results.training_data = datasets.trainingData.name;
  const wasm = await measureTrainingThroughput(
    datasets.trainingData,
    128,
    quick ? 2 : 6,
    quick ? 1 : 3,
  );
  Object.assign(results, prefixed('wasm_', wasm));
  progress('the divergence check on and off, same CNN, alternated');
  // Short rounds, many of them: the check costs a fraction of a millisecond per step, so the
  // ratio is all machine noise unless on and off alternate often.
  const divergence = await measureDivergenceCheck(
    datasets.trainingData,
    128,
    quick ? 1 : 2,
    quick ? 4 : 12,
  );
  Object.assign(results, prefixed('wasm_', divergence));
  progress('PyTorch reference (Debian python3-torch), 1 and 2 threads');
  const pytorch = await measurePyTorch(128, quick ? 3 : 10);
  Object.assign(results, pytorch);
  const reference = pytorch.pytorch_1_thread_samples_per_s;
  if (typeof reference === 'number') {
    results.wasm_engine_1_thread_vs_pytorch_1_thread_ratio =
      wasm.engine_trainer_samples_per_s / reference;
  }
  progress(
    'the engine on wasm with 2 threads (a child process: the thread count is fixed per process)',
  );
  const threaded = await measureThreadedThroughput(
    2,
    scratch,
    datasets.trainingData.name,
    quick ? 2 : 6,
    quick ? 1 : 3,
  );
  Object.assign(results, prefixed('wasm_2_threads_', threaded));
  results.wasm_2_threads_vs_1_thread_ratio =
    threaded.engine_trainer_samples_per_s / wasm.engine_trainer_samples_per_s;
  const reference2 = pytorch.pytorch_2_threads_samples_per_s;
  if (typeof reference2 === 'number') {
    results.wasm_engine_2_threads_vs_pytorch_2_threads_ratio =
      threaded.engine_trainer_samples_per_s / reference2;
  }
  progress('the exported train.py (PyTorch, 2 threads), and on 2 DDP processes of 1 thread');
  const trainPy = await measureExportedTrainPy(scratch, datasets.trainingData.name, quick ? 5 : 30);
  Object.assign(results, trainPy);
  if (typeof trainPy.pytorch_train_py_samples_per_s === 'number') {
    results.wasm_engine_2_threads_vs_train_py_ratio =
      threaded.engine_trainer_samples_per_s / trainPy.pytorch_train_py_samples_per_s;
  }
  if (!quick) {
    progress('cpu backend (tiny run: it is about 0.2 samples/s on this CNN)');
    await initBackend('cpu');
    const cpu = await measureTrainingThroughput(datasets.trainingData, 8, 1, 1);
    Object.assign(results, prefixed('cpu_', cpu));
    await initBackend('wasm');
  }
  progress('EMNISTLines synthesis and LineCNNSimple training throughput');
  const glyphSource = datasets.trainingData.name === 'EMNIST' ? 'EMNIST' : 'MNIST';
  Object.assign(
    results,
    { line_glyph_source: glyphSource },
    await measureLineThroughput(
      new FileDatasetSource(scratch),
      glyphSource,
      quick ? 2000 : 10000,
      quick ? 2 : 4,
    ),
  );
  progress("the lab's CNN at batch 128 whole and in micro-batches of 32 (gradient accumulation)");
  Object.assign(
    results,
    await measureMicroBatchCost(datasets.trainingData, quick ? 1 : 3, quick ? 1 : 2),
  );
  progress("the lab's LineCNN with CTC at batch 128 on wasm, in the micro-batches a run picks");
  Object.assign(
    results,
    await measureLineCnnThroughput(new FileDatasetSource(scratch), glyphSource, quick ? 1 : 2),
  );
  progress('checkpoint save and load times');
  Object.assign(results, await measureCheckpointTimes(datasets.trainingData, scratch));
  if (process.argv.includes('--no-browser')) {
    results.browser = 'skipped: --no-browser';
  } else {
    progress(
      'headless Chromium: the studio worker against a bare trainOnBatch worker, per backend',
    );
    Object.assign(results, await measureBrowser({ progress }));
  }
  results.load_average_end = loadavg();
  console.log(JSON.stringify(results, null, 2));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
