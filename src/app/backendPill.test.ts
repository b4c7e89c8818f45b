import { describe, expect, it } from 'vitest';
import type { BackendReport } from '../workers/protocol';
import { backendPill } from './backendPill';

const model = 'data_class=MNIST model_class=CNN batch_size=8';

const measured: BackendReport = {
  backend: 'wasm',
  threads: 1,
  description: 'wasm, 1 thread, SIMD (the page is not cross-origin isolated)',
  fallbacks: [],
  measurement: {
    model,
    cached: false,
    results: [
      { backend: 'wasm', label: 'wasm', samplesPerSec: 1240.4, steps: 3, fallbackAdapter: false },
      {
        backend: 'webgpu',
        label: 'webgpu (software)',
        samplesPerSec: 51.2,
        steps: 1,
        fallbackAdapter: true,
      },
    ],
  },
};

const webgpu: BackendReport = {
  backend: 'webgpu',
  description: 'webgpu (google swiftshader, software fallback adapter)',
  adapter: { vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true },
  fallbacks: [],
};

describe('backendPill', () => {
  it('on auto shows the choice measured for the form model, numbers included', () => {
    const pill = backendPill({ report: measured, model, running: false });
    expect(pill.text).toBe('wasm — measured: wasm 1,240/s, webgpu (software) 51/s');
    expect(pill.details).toContain('not cross-origin isolated');
  });

  it('on auto for another model says it is measured when training starts', () => {
    expect(backendPill({ report: measured, model: 'other', running: false }).text).toBe(
      'auto: measured when you train',
    );
    expect(backendPill({ report: webgpu, model, running: false }).text).toBe(
      'auto: measured when you train',
    );
  });

  it('names the form backend when one is picked', () => {
    expect(backendPill({ report: measured, selected: 'webgl', model, running: false }).text).toBe(
      'webgl (selected)',
    );
    expect(backendPill({ report: webgpu, selected: 'webgpu', model, running: false }).text).toBe(
      'webgpu — google swiftshader (selected)',
    );
  });

  it('while a run trains, names the backend it trains on and why the earlier ones are not used', () => {
    const afterLoss: BackendReport = {
      backend: 'wasm',
      threads: 1,
      description: 'wasm, 1 thread',
      fallbacks: [{ backend: 'webgpu', reason: 'its device was lost (destroyed)' }],
    };
    expect(backendPill({ report: afterLoss, selected: 'webgpu', model, running: true }).text).toBe(
      'wasm — 1 thread (WebGPU unavailable: its device was lost (destroyed))',
    );
  });

  it('says the backends are being measured while an auto run starts', () => {
    expect(backendPill({ report: webgpu, model, running: true, measuring: true }).text).toBe(
      'auto: measuring backends…',
    );
  });

  it('says TensorFlow.js is starting before the worker reports a backend', () => {
    expect(backendPill({ model, running: false }).text).toBe('starting TensorFlow.js…');
  });
});
