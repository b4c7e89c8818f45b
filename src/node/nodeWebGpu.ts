/**
 * WebGPU in Node through Dawn (the npm package `webgpu`): installs `navigator.gpu` and the GPU*
 * constants tfjs-backend-webgpu reads, so that the CLI and the bench start exactly the page's
 * backend code (initBackend('webgpu')). Without a GPU, Chromium's SwiftShader Vulkan driver is
 * a software adapter: slow but correct.
 */
import { existsSync } from 'node:fs';

/** Debian's Chromium ships SwiftShader as a Vulkan driver (ICD) beside itself. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
/** Where Debian's libvulkan1 puts the Vulkan loader, which Dawn opens. */
export const VULKAN_LOADER = '/usr/lib/x86_64-linux-gnu/libvulkan.so.1';

interface DawnAdapter {
  info?: { vendor?: string; architecture?: string; device?: string; description?: string };
  features: ReadonlySet<string>;
}

interface DawnGpu {
  requestAdapter(): Promise<DawnAdapter | null>;
}

interface DawnModule {
  create(options: string[]): DawnGpu;
  globals: object;
}

export interface NodeWebGpu {
  /** The adapter in words: vendor, architecture, driver. */
  adapter: string;
  /** True when no GPU was found and SwiftShader stands in. */
  software: boolean;
  timestampQuery: boolean;
}

let provided: NodeWebGpu | undefined;

async function firstAdapter(dawn: DawnModule): Promise<[DawnGpu, DawnAdapter | null]> {
  const gpu = dawn.create([]);
  return [gpu, await gpu.requestAdapter()];
}

/**
 * Makes WebGPU available to tfjs in this process, once. Uses the machine's Vulkan drivers;
 * when they offer no adapter and VK_ICD_FILENAMES is unset, SwiftShader (the Vulkan loader
 * reads VK_ICD_FILENAMES when Dawn makes an instance, so a second instance finds it).
 */
export async function provideNodeWebGpu(): Promise<NodeWebGpu> {
  if (provided) return provided;
  // A Vulkan loader logs an error line without it, though it needs no such directory.
  process.env.XDG_RUNTIME_DIR ??= '/tmp';
  const dawn = (await import('webgpu')) as unknown as DawnModule;
  let [gpu, adapter] = await firstAdapter(dawn);
  let software = false;
  if (
    adapter === null &&
    process.env.VK_ICD_FILENAMES === undefined &&
    existsSync(SWIFTSHADER_ICD)
  ) {
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    [gpu, adapter] = await firstAdapter(dawn);
    software = adapter !== null;
  }
  if (adapter === null) {
    throw new Error(
      "Backend 'webgpu' failed: Dawn found no WebGPU adapter. Install the Vulkan loader " +
        "(Debian: apt install libvulkan1) and your GPU's Vulkan driver; without a GPU, Debian's " +
        `chromium package provides a software driver (VK_ICD_FILENAMES=${SWIFTSHADER_ICD}).`,
    );
  }
  Object.assign(globalThis, dawn.globals);
  const navigator = (globalThis as { navigator?: object }).navigator;
  Object.defineProperty(globalThis, 'navigator', {
    value: Object.assign(Object.create(navigator ?? null), { gpu }),
    configurable: true,
    writable: true,
  });
  const info = adapter.info ?? {};
  const words = [info.vendor, info.architecture, info.description].filter((w) => w);
  provided = {
    adapter: `${words.join(' ')}${software ? ' (software adapter, no GPU found)' : ''}`,
    software,
    timestampQuery: adapter.features.has('timestamp-query'),
  };
  return provided;
}
