import { initBackend } from '../engine/backends/initBackend';
import type { HardwareInfo } from '../engine/events';

/** Tests train on wasm with our kernels, the engine's default backend in Node. */
export function useWasmBackend(): Promise<HardwareInfo> {
  return initBackend('wasm');
}
