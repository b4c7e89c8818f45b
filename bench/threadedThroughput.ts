/**
 * The engine's training throughput on wasm with several threads, measured in a child process:
 * the wasm backend's thread count is fixed once it starts, and the bench's own process runs
 * the single-threaded measurements.
 *
 * As a child: `tsx bench/threadedThroughput.ts THREADS DATA_DIR DATA_CLASS BATCHES ROUNDS`
 * prints one JSON ThroughputResult.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createDataModule } from '../src/engine/data/registry';
import { FileDatasetSource } from '../src/node/fileDatasetSource';
import { initWasmWithThreads } from '../src/node/wasmThreads';
import { measureTrainingThroughput, type ThroughputResult } from './trainingThroughput';

const self = fileURLToPath(import.meta.url);

/** Runs this file as a child process (same Node and tsx loader) and returns its result. */
export function measureThreadedThroughput(
  threads: number,
  dataDir: string,
  dataClass: string,
  batchesPerRound: number,
  rounds: number,
): Promise<ThroughputResult> {
  const args = [threads, dataDir, dataClass, batchesPerRound, rounds].map(String);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, self, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(JSON.parse(out) as ThroughputResult);
      else reject(new Error(`The ${threads}-thread wasm measurement exited with code ${code}`));
    });
  });
}

async function main(argv: string[]): Promise<void> {
  const [threads, dataDir, dataClass, batchesPerRound, rounds] = argv;
  await initWasmWithThreads(Number(threads));
  const data = createDataModule(dataClass, new FileDatasetSource(dataDir));
  await data.prepareData();
  const result = await measureTrainingThroughput(
    data,
    128,
    Number(batchesPerRound),
    Number(rounds),
  );
  process.stdout.write(JSON.stringify(result));
}

if (process.argv[1] === self) {
  await main(process.argv.slice(2));
}
