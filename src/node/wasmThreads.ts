/**
 * Multi-threaded wasm in Node. tfjs-backend-wasm turns threads off in Node (tfjs issue 3830):
 * Emscripten's pthreads would start from a blob: URL, which Node's Worker refuses. Here each
 * pthread starts from wasmPthreadWorker.cjs instead, which loads tfjs's scripts from their
 * Blobs. Call before the wasm backend first starts; the thread count is fixed for the process.
 */
import { resolveObjectURL } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../engine/backends/initBackend';
import type { HardwareInfo } from '../engine/events';
import { allowRelaxedSimd } from './relaxedSimd';

const pthreadWorkerPath = fileURLToPath(new URL('./wasmPthreadWorker.cjs', import.meta.url));

/** The threads to use by default: every core this process may run on. */
export function availableThreads(): number {
  return os.availableParallelism();
}

/**
 * Starts the wasm backend with an XNNPACK pool of `threads` threads (1: the plain build), with
 * relaxed SIMD allowed for the SIMD kernels.
 */
export async function initWasmWithThreads(threads: number): Promise<HardwareInfo> {
  if (!Number.isInteger(threads) || threads < 1) {
    throw new Error(`Wasm threads must be a whole number of at least 1, got ${threads}`);
  }
  allowRelaxedSimd();
  if (threads === 1) return initBackend('wasm', { threads });
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  installPthreadWorker();
  // tfjs caps its pool at half the logical cores Emscripten reports (it assumes two
  // hyperthreads per core), so on a 2-core machine it would run one thread whatever it is
  // asked. Emscripten asks os.cpus() once, when the module starts.
  const cpus = os.cpus;
  os.cpus = () => {
    const real = cpus();
    return Array.from({ length: 2 * threads }, (_, i) => real[i % real.length]);
  };
  try {
    return await initBackend('wasm', { threads });
  } finally {
    os.cpus = cpus;
  }
}

let installed = false;

/**
 * Emscripten assigns Node's Worker to the global `Worker` and creates pthreads with it; the
 * global is pinned to a Worker that starts blob: URLs through our bootstrap instead.
 */
function installPthreadWorker(): void {
  if (installed) return;
  installed = true;
  const bundleRequires = tfjsWasmBundleRequires();
  class PthreadWorker extends Worker {
    constructor(url: string | URL, options?: WorkerOptions) {
      if (typeof url === 'string' && url.startsWith('blob:')) {
        const workerScript = resolveObjectURL(url);
        super(pthreadWorkerPath, { workerData: { workerScript, bundleRequires } });
      } else {
        super(url, options);
      }
      this.unref();
    }

    /**
     * Emscripten refs a worker while its pthread runs, and XNNPACK's pool threads run for the
     * life of the process, which then never exits. Every wasm kernel call blocks the main thread
     * until the pool is done, so the pool never needs to keep the process alive.
     */
    override ref(): void {}
  }
  Object.defineProperty(globalThis, 'Worker', {
    configurable: true,
    get: () => PthreadWorker,
    set: () => {},
  });
}

/**
 * The Node bundle's `var require$$N = require('id')` helpers, which the main script (one of
 * the bundle's functions, sent to each pthread as source text) refers to.
 */
function tfjsWasmBundleRequires(): [string, string][] {
  const bundle = readFileSync(
    createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'),
    'utf8',
  );
  return [...bundle.matchAll(/var (require\$\$\d+) = require\('([^']+)'\);/g)].map((m) => [
    m[1],
    m[2],
  ]);
}
