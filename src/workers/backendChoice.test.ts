import { describe, expect, it } from 'vitest';
import type { BackendName } from '../engine/backends/initBackend';
import { fakeBackendProbes } from '../testing/fakeBackendProbes';
import { adapterInfo, backendOrder, chooseAfterDeviceLoss, chooseBackend } from './backendChoice';

describe('backendOrder', () => {
  it('is webgpu, webgl, wasm, cpu, with a preferred backend moved first', () => {
    expect(backendOrder()).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(backendOrder('wasm')).toEqual(['wasm', 'webgpu', 'webgl', 'cpu']);
  });
});

describe('chooseBackend', () => {
  it('takes webgpu with its adapter when it starts', async () => {
    const report = await chooseBackend(fakeBackendProbes({}));
    expect(report).toEqual({
      backend: 'webgpu',
      description: 'webgpu (google swiftshader, software fallback adapter)',
      adapter: { vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true },
      fallbacks: [],
    });
  });

  it('falls back in order and records why each backend failed', async () => {
    const tried: BackendName[] = [];
    const report = await chooseBackend(
      fakeBackendProbes(
        {
          webgpu: "Backend 'webgpu' failed: navigator.gpu.requestAdapter() returned no adapter",
          webgl: "Backend 'webgl' failed to initialize",
        },
        tried,
      ),
    );
    expect(tried).toEqual(['webgpu', 'webgl', 'wasm']);
    expect(report.backend).toBe('wasm');
    expect(report.adapter).toBeUndefined();
    expect(report.fallbacks).toEqual([
      {
        backend: 'webgpu',
        reason: "Backend 'webgpu' failed: navigator.gpu.requestAdapter() returned no adapter",
      },
      { backend: 'webgl', reason: "Backend 'webgl' failed to initialize" },
    ]);
  });

  it('tries the preferred backend first and reports its failure', async () => {
    const report = await chooseBackend(fakeBackendProbes({ cpu: 'no cpu' }), 'cpu');
    expect(report.backend).toBe('webgpu');
    expect(report.fallbacks).toEqual([{ backend: 'cpu', reason: 'no cpu' }]);
  });

  it('says every reason when nothing starts', async () => {
    const all = { webgpu: 'a', webgl: 'b', wasm: 'c', cpu: 'd' };
    await expect(chooseBackend(fakeBackendProbes(all))).rejects.toThrow(
      'No TensorFlow.js backend could start in this browser: webgpu: a; webgl: b; wasm: c; cpu: d.',
    );
  });
});

describe('chooseAfterDeviceLoss', () => {
  it('continues on wasm, passing over both GPU backends and saying why', async () => {
    const tried: BackendName[] = [];
    const report = await chooseAfterDeviceLoss(fakeBackendProbes({}, tried), 'webgpu', 'destroyed');
    expect(tried).toEqual(['wasm']);
    expect(report.backend).toBe('wasm');
    expect(report.fallbacks).toEqual([
      { backend: 'webgpu', reason: 'its device was lost (destroyed)' },
      { backend: 'webgl', reason: 'not tried: it runs on the GPU whose WebGPU device was lost' },
    ]);
  });

  it('falls back to cpu when wasm cannot start', async () => {
    const tried: BackendName[] = [];
    const report = await chooseAfterDeviceLoss(
      fakeBackendProbes({ wasm: 'no wasm' }, tried),
      'webgpu',
      'x',
    );
    expect(tried).toEqual(['wasm', 'cpu']);
    expect(report.backend).toBe('cpu');
    expect(report.fallbacks.map((f) => f.backend)).toEqual(['webgpu', 'webgl', 'wasm']);
  });
});

describe('adapterInfo', () => {
  it('reads adapter.info, or requestAdapterInfo() in older browsers', async () => {
    expect(
      await adapterInfo({
        info: { vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true },
      }),
    ).toEqual({ vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true });
    expect(
      await adapterInfo({
        isFallbackAdapter: false,
        requestAdapterInfo: async () => ({ vendor: 'nvidia', architecture: 'ampere' }),
      }),
    ).toEqual({ vendor: 'nvidia', architecture: 'ampere', isFallbackAdapter: false });
  });
});
