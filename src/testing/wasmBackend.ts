import { type BackendInfo, initBackend } from '../engine/backends/initBackend';

/** Tests train on wasm with our kernels, the engine's default backend in Node. */
export function useWasmBackend(): Promise<BackendInfo> {
  return initBackend('wasm');
}
