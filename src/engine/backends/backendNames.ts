// Apart from initBackend so that config parsing (also on the page's main thread) loads no tfjs.
export const backendNames = ['wasm', 'cpu', 'webgl', 'webgpu'] as const;
export type BackendName = (typeof backendNames)[number];
