import { describe, expect, it } from 'vitest';
import { backendText } from './backendText';

describe('backendText', () => {
  it('names the WebGPU adapter', () => {
    expect(
      backendText({
        backend: 'webgpu',
        description: 'webgpu (google swiftshader)',
        adapter: { vendor: 'google', architecture: 'swiftshader' },
        fallbacks: [],
      }),
    ).toBe('webgpu — google swiftshader');
  });

  it('gives the reason of each fallback', () => {
    expect(
      backendText({
        backend: 'webgl',
        description: 'webgl',
        fallbacks: [
          {
            backend: 'webgpu',
            reason: "Backend 'webgpu' failed: navigator.gpu.requestAdapter() returned no adapter",
          },
        ],
      }),
    ).toBe('webgl (WebGPU unavailable: navigator.gpu.requestAdapter() returned no adapter)');
    expect(
      backendText({
        backend: 'wasm',
        threads: 4,
        description: 'wasm, 4 threads, SIMD, multithreading available',
        fallbacks: [],
      }),
    ).toBe('wasm — 4 threads, SIMD, multithreading available');
  });
});
