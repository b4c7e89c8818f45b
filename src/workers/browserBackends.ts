/** The browser's backend probes for chooseBackend, and a watch on the WebGPU device. */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../engine/backends/initBackend';
import { type AdapterLike, adapterInfo, type BackendProbes } from './backendChoice';
import { serveWasmFromApp } from './wasmPaths';

interface GpuNavigator {
  gpu?: { requestAdapter(): Promise<AdapterLike | null> };
}

interface LostInfo {
  reason?: string;
  message?: string;
}

let wasmPathsSet = false;

export const browserBackendProbes: BackendProbes = {
  async start(name) {
    if (name === 'wasm' && !wasmPathsSet) {
      serveWasmFromApp();
      wasmPathsSet = true;
    }
    if (name === 'webgpu') replaceLostWebGpuBackend();
    return name === 'wasm' ? startWasm() : initBackend(name);
  },
  async describeAdapter() {
    const adapter = await (navigator as GpuNavigator).gpu?.requestAdapter();
    return adapter ? adapterInfo(adapter) : undefined;
  },
};

interface WebGpuBackend {
  device?: GPUDeviceLike;
}

interface GPUDeviceLike {
  lost?: Promise<LostInfo>;
  destroy(): void;
}

const watched = new WeakSet<GPUDeviceLike>();
const lost = new WeakSet<GPUDeviceLike>();

/** The priority tfjs-backend-webgpu registers its backend with. */
const WEBGPU_PRIORITY = 3;

/**
 * tfjs keeps a backend instance once made, so choosing webgpu again after its device was lost
 * would train on the dead device: the instance is removed and the same factory registered
 * again, so the next setBackend asks for a new device.
 */
function replaceLostWebGpuBackend(): void {
  const registered = tf.engine().registry.webgpu as WebGpuBackend | undefined;
  if (!registered?.device || !lost.has(registered.device)) return;
  const factory = tf.findBackendFactory('webgpu');
  tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', factory, WEBGPU_PRIORITY);
}

/** The GPUDevice tfjs trains on when the active backend is webgpu. */
export function activeWebGpuDevice(): GPUDeviceLike | undefined {
  return tf.getBackend() === 'webgpu' ? (tf.backend() as WebGpuBackend).device : undefined;
}

/**
 * Calls `onLost` with the reason if the WebGPU device tfjs uses is lost (driver reset, GPU
 * removed, tab backgrounded too long on some systems); once per device, however often webgpu
 * is chosen again.
 */
export function watchWebGpuDevice(onLost: (detail: string) => void): void {
  const device = activeWebGpuDevice();
  if (!device?.lost || watched.has(device)) return;
  watched.add(device);
  device.lost.then((info) => {
    lost.add(device);
    onLost([info.reason, info.message].filter(Boolean).join(': ') || 'no reason given');
  });
}

/**
 * Wasm with one XNNPACK thread per logical core but one when the page is cross-origin isolated
 * (the threaded build needs SharedArrayBuffer), else one thread, saying why. One core is left
 * to the page: XNNPACK's threads wait for each other, so a chart redraw on a core the pool also
 * uses stalls every thread (measured on 2 cores: with both in the pool, the studio trained at
 * 0.77x a bare worker without a page to draw). tfjs caps its pool at half the cores Emscripten
 * reads from navigator.hardwareConcurrency (it assumes two hyperthreads per core); the value is
 * doubled while the module starts, which is when Emscripten reads it.
 */
async function startWasm() {
  const threads = self.crossOriginIsolated ? Math.max(1, navigator.hardwareConcurrency - 1) : 1;
  if (threads === 1) {
    const info = await initBackend('wasm', { threads });
    const reason = self.crossOriginIsolated
      ? 'one core is left to the page'
      : 'the page is not cross-origin isolated (COOP/COEP headers), so no threads';
    return { ...info, description: `${info.description} (${reason})` };
  }
  Object.defineProperty(navigator, 'hardwareConcurrency', {
    configurable: true,
    value: 2 * threads,
  });
  try {
    return await initBackend('wasm', { threads });
  } finally {
    delete (navigator as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}
