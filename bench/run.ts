/**
 * `npm run bench`: prints one JSON object. Throughputs are `<what>_samples_per_s`, ratios
 * `<what>_ratio` (measured side by side in this run), times `<what>_s`; the load average sits
 * beside them because these machines are shared.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '../src/engine/backends/initBackend';
import { measureCheckpointTimes } from './checkpointTimes';
import { measureDatasetTimes } from './datasetTimes';
import { measureTrainingThroughput } from './trainingThroughput';

const quick = process.argv.includes('--quick');
const scratch = mkdtempSync(join(tmpdir(), 'inklab-bench-'));
const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);

try {
  const hardware = await initBackend('wasm');
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
  Object.assign(
    results,
    { training_data: datasets.trainingData.name },
    await measureTrainingThroughput(datasets.trainingData, 128, quick ? 2 : 6, quick ? 1 : 3),
  );
  progress('checkpoint save and load times');
  Object.assign(results, await measureCheckpointTimes(datasets.trainingData, scratch));
  results.load_average_end = loadavg();
  console.log(JSON.stringify(results, null, 2));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
