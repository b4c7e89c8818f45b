/**
 * The bench page: runs one request at a time in a fresh bare worker, so each measurement starts
 * from a clean tfjs (no state shared with the product's worker, which is not on this page).
 */
import type { BareResult, BenchReply, BenchRequest, CheckpointResult } from './protocol';

function inWorker<T>(request: BenchRequest): Promise<T> {
  const worker = new Worker(new URL('./bare.worker.ts', import.meta.url), { type: 'module' });
  return new Promise<T>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<BenchReply>) => {
      worker.terminate();
      if (event.data.ok) resolve(event.data.result as T);
      else reject(new Error(event.data.error));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(`bench worker failed: ${event.message}`));
    };
    worker.postMessage(request);
  });
}

const api = {
  bare: (request: Omit<Extract<BenchRequest, { type: 'bare' }>, 'type'>) =>
    inWorker<BareResult>({ type: 'bare', ...request }),
  checkpoint: (request: Omit<Extract<BenchRequest, { type: 'checkpoint' }>, 'type'>) =>
    inWorker<CheckpointResult>({ type: 'checkpoint', ...request }),
};

declare global {
  interface Window {
    inklabBench?: typeof api;
  }
}

window.inklabBench = api;
