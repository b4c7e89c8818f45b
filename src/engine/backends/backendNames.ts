// Apart from initBackend so that config parsing (also on the page's main thread) loads no tfjs.
export const backendNames = ['wasm', 'cpu', 'webgl', 'webgpu'] as const;
export type BackendName = (typeof backendNames)[number];

/**
 * Backends whose tensors live in device memory: there reading one back to the host stalls the
 * device, while on the others (wasm, cpu) it is a copy.
 */
export const DEVICE_RESIDENT_BACKENDS: ReadonlySet<string> = new Set(['webgpu', 'webgl']);
