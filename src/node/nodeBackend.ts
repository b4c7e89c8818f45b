/** Starts the backend a CLI run or the bench asked for, with what Node needs for each. */
import { type BackendName, initBackend } from '../engine/backends/initBackend';
import type { HardwareInfo } from '../engine/events';
import { provideNodeWebGpu } from './nodeWebGpu';
import { initWasmWithThreads } from './wasmThreads';

export async function startNodeBackend(name: BackendName, threads: number): Promise<HardwareInfo> {
  if (name === 'wasm') return initWasmWithThreads(threads);
  if (name !== 'webgpu') return initBackend(name);
  const gpu = await provideNodeWebGpu();
  const started = await initBackend('webgpu');
  return { ...started, description: `webgpu (Dawn), ${gpu.adapter}` };
}
