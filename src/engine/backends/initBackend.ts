import * as tf from '@tensorflow/tfjs';
// Side-effect import: registers the 'wasm' backend factory and its kernels.
import { getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { registerBatchNormGradient } from './batchNormGradient';
import { broadcastLayerNormalization } from './layerNormalization';
import { simdKernelsOf } from './simd/simdKernels';
import { guardWasmHeap } from './wasmHeapGuard';
import { registerWasmTrainingKernels } from './wasmTrainingKernels';

// This module also runs in a browser worker: no DOM and no Node imports here.

import type { HardwareInfo } from '../events';
import type { BackendName } from './backendNames';

export { type BackendName, backendNames } from './backendNames';

/** The fastest backend that trains in Node here (tfjs-node cannot be installed). */
export const defaultNodeBackend: BackendName = 'wasm';

export interface InitBackendOptions {
  /** Threads for the wasm backend's XNNPACK pool; only honoured before wasm first starts. */
  threads?: number;
}

/** The slice of WebGPU's navigator API needed to tell "no WebGPU" from "no adapter". */
interface GpuNavigator {
  gpu?: { requestAdapter(): Promise<unknown> };
}

/**
 * Makes `name` the active tfjs backend and waits until it is ready. Throws an Error naming the
 * backend and the reason when it cannot start, instead of letting tfjs silently fall back to
 * another backend on the next op.
 */
export async function initBackend(
  name: BackendName,
  options: InitBackendOptions = {},
): Promise<HardwareInfo> {
  registerBatchNormGradient();
  broadcastLayerNormalization();
  if (name === 'webgpu') {
    await loadWebGpu();
  }
  if (name === 'wasm') {
    registerWasmTrainingKernels();
    if (options.threads !== undefined) {
      // Read once, when the wasm module is instantiated; ignored afterwards.
      setThreadsCount(options.threads);
    }
  }
  if (tf.findBackendFactory(name) == null) {
    throw new Error(`Backend '${name}' failed: it is not registered in this environment`);
  }
  // setBackend resolves false (it does not reject) when the backend's factory throws; tfjs
  // logs the underlying error as a warning.
  const started = await tf.setBackend(name);
  if (!started) {
    throw new Error(
      `Backend '${name}' failed to initialize (tfjs logged the underlying error as a warning)`,
    );
  }
  await tf.ready();
  if (name === 'wasm') guardWasmHeap(tf.engine().findBackend('wasm'));
  if (name === 'cpu') {
    consumeCpuNodeBanner();
  }
  return name === 'wasm' ? describeWasm(options.threads) : { backend: name, description: name };
}

/**
 * tfjs-backend-webgpu registers itself only if `navigator.gpu` exists when it is imported, so
 * it is loaded on demand and its absence is reported with the reason.
 */
async function loadWebGpu(): Promise<void> {
  const gpu = (globalThis as { navigator?: GpuNavigator }).navigator?.gpu;
  if (gpu === undefined) {
    throw new Error(`Backend 'webgpu' failed: navigator.gpu is missing (WebGPU is unavailable)`);
  }
  // Without a usable adapter (e.g. headless Chromium without --enable-unsafe-webgpu)
  // requestAdapter() resolves null and tfjs only logs a TypeError before setBackend fails.
  if ((await gpu.requestAdapter()) == null) {
    throw new Error(`Backend 'webgpu' failed: navigator.gpu.requestAdapter() returned no adapter`);
  }
  await import('@tensorflow/tfjs-backend-webgpu');
}

/**
 * In Node, tfjs-backend-cpu warns "Hi, looks like you are running TensorFlow.js in Node.js ...
 * install our node backend" on its first tensor write; that node backend cannot be installed
 * here. The only switches that mute it are IS_TEST, which also turns on a memory-leak check
 * after every kernel, and PROD, which mutes every tfjs warning. So PROD is set just for one
 * throwaway write that uses up the one-time banner, then restored.
 */
function consumeCpuNodeBanner(): void {
  const env = tf.env();
  if (!env.getBool('IS_NODE')) {
    return;
  }
  const prod = env.getBool('PROD');
  env.set('PROD', true);
  try {
    tf.scalar(0).dispose();
  } finally {
    env.set('PROD', prod);
  }
}

async function describeWasm(requestedThreads: number | undefined): Promise<HardwareInfo> {
  const env = tf.env();
  const [simd, multithread] = await Promise.all([
    env.getAsync('WASM_HAS_SIMD_SUPPORT'),
    env.getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
  ]);
  const threads = getThreadsCount();
  const parts = [
    `wasm, ${threads} thread${threads === 1 ? '' : 's'}`,
    simd ? 'SIMD' : 'no SIMD',
    // The threaded binary is chosen only with SIMD and multithreading (SharedArrayBuffer, i.e.
    // a cross-origin-isolated page or worker); tfjs turns multithreading off in Node.
    multithread ? 'multithreading available' : 'multithreading unavailable',
  ];
  if (requestedThreads !== undefined && requestedThreads !== threads) {
    parts.push(`${requestedThreads} threads requested`);
  }
  const kernels = simdKernelsOf(tf.engine().findBackend('wasm'));
  if (kernels !== undefined) {
    parts.push(`Inklab kernels: SIMD${kernels.fused ? ' with fused multiply-add' : ''}`);
  }
  return { backend: 'wasm', threads, description: parts.join(', ') };
}
