import { describe, expect, it } from 'vitest';
import type { BackendName } from '../engine/backends/backendNames';
import { fakeBackendProbes } from '../testing/fakeBackendProbes';
import {
  BACKEND_BUDGET_MS,
  type MeasureCache,
  type MeasureDeps,
  measureBackends,
  PROBE_BATCH,
  pickFastest,
  readCached,
  TIMED_STEPS,
  timeSteps,
} from './backendMeasure';
import type { MeasuredBackend } from './protocol';

/** A fake clock that each step moves by its backend's milliseconds per step. */
function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

class MemoryCache implements MeasureCache {
  readonly entries = new Map<string, unknown>();
  async get(key: string) {
    return this.entries.get(key);
  }
  async put(key: string, results: MeasuredBackend[]) {
    this.entries.set(key, results);
  }
}

function deps(
  msPerStep: Partial<Record<BackendName, number>>,
  options: { failures?: Partial<Record<BackendName, string>>; cache?: MeasureCache } = {},
) {
  const time = clock();
  const timed: BackendName[] = [];
  const disposed: BackendName[] = [];
  const progress: string[] = [];
  const batches: Partial<Record<BackendName, number[]>> = {};
  const d: MeasureDeps = {
    probes: fakeBackendProbes(options.failures ?? {}),
    // `msPerStep` is for the full batch of 32; a smaller probe batch takes its share of that.
    stepper: (backend, batch) => {
      batches[backend] = [...(batches[backend] ?? []), batch];
      return {
        async step() {
          timed.push(backend);
          time.advance(((msPerStep[backend] ?? 1) * batch) / 32);
        },
        dispose: () => disposed.push(backend),
      };
    },
    cache: options.cache ?? new MemoryCache(),
    progress: (message) => progress.push(message),
    model: 'model_class=MLP batch_size=32',
    batchSize: 32,
    now: time.now,
  };
  return { deps: d, timed, disposed, progress, batches };
}

describe('measureBackends', () => {
  it('picks wasm over a slower software WebGPU adapter, and reports both speeds', async () => {
    const {
      deps: d,
      disposed,
      progress,
    } = deps({ webgpu: 600, webgl: 200, wasm: 25 }, { failures: {} });
    const report = await measureBackends(d);
    expect(report.backend).toBe('wasm');
    expect(report.measurement?.cached).toBe(false);
    expect(report.measurement?.results.map((r) => [r.label, Math.round(r.samplesPerSec)])).toEqual([
      ['wasm', 1280],
      ['webgl', 160],
      ['webgpu (software)', 53],
    ]);
    // Each model built for timing is freed: a small-batch one per backend, a full one where timed.
    expect(disposed).toEqual(['wasm', 'wasm', 'webgpu', 'webgl', 'webgl']);
    expect(progress).toContain(`Measuring backends: webgpu (software) 1/${TIMED_STEPS}…`);
  });

  it("times small batches first, and the run's batch only where a full step fits the budget", async () => {
    const { deps: d, batches } = deps({ webgpu: 600, webgl: 200, wasm: 25 });
    await measureBackends(d);
    expect(batches).toEqual({
      wasm: [PROBE_BATCH, 32],
      webgpu: [PROBE_BATCH],
      webgl: [PROBE_BATCH, 32],
    });
  });

  it('never picks a fallback adapter over a faster backend, nor on a tie', async () => {
    const faster = await measureBackends(deps({ webgpu: 20, webgl: 30, wasm: 40 }).deps);
    expect(faster.backend).toBe('webgpu');
    expect(faster.adapter?.isFallbackAdapter).toBe(true);
    const tie = await measureBackends(deps({ webgpu: 30, webgl: 30, wasm: 40 }).deps);
    expect(tie.backend).toBe('webgl');
  });

  it('records backends that do not start as fallbacks and times the rest', async () => {
    const { deps: d, timed } = deps(
      { wasm: 10 },
      { failures: { webgpu: 'no adapter', webgl: 'no WebGL context' } },
    );
    const report = await measureBackends(d);
    expect(report.backend).toBe('wasm');
    expect(report.fallbacks.map((f) => f.backend)).toEqual(['webgpu', 'webgl']);
    expect(new Set(timed)).toEqual(new Set(['wasm']));
  });

  it('reads the cache on the second run of the same model and device: nothing is timed', async () => {
    const cache = new MemoryCache();
    await measureBackends(deps({ webgpu: 600, webgl: 200, wasm: 25 }, { cache }).deps);
    const again = deps({ webgpu: 1, webgl: 1, wasm: 1 }, { cache });
    const report = await measureBackends(again.deps);
    expect(again.timed).toEqual([]);
    expect(report.backend).toBe('wasm');
    expect(report.measurement?.cached).toBe(true);
  });

  it('ignores a malformed cache entry and measures again', async () => {
    for (const entry of [
      'garbage',
      [{ backend: 'wasm', label: 'wasm', samplesPerSec: -1, steps: 3, fallbackAdapter: false }],
      [{ backend: 'tpu', label: 'tpu', samplesPerSec: 9, steps: 3, fallbackAdapter: false }],
      [{ backend: 'wasm', label: 'wasm', samplesPerSec: 9, steps: 3, fallbackAdapter: false }],
    ]) {
      const cache = new MemoryCache();
      const d = deps({ webgpu: 600, webgl: 200, wasm: 25 }, { cache });
      const { model } = d.deps;
      const key = `${model} on wasm; webgpu (google swiftshader, software fallback adapter); webgl`;
      cache.entries.set(key, entry);
      const report = await measureBackends(d.deps);
      expect(report.backend, JSON.stringify(entry)).toBe('wasm');
      expect(report.measurement?.cached).toBe(false);
      expect(d.timed.length).toBeGreaterThan(0);
      expect(readCached(cache.entries.get(key), ['webgpu', 'webgl', 'wasm'])).toHaveLength(3);
    }
  });

  it('a cache that fails to read is measured around', async () => {
    const broken: MeasureCache = {
      get: () => Promise.reject(new Error('IndexedDB closed')),
      put: () => Promise.reject(new Error('IndexedDB closed')),
    };
    const report = await measureBackends(
      deps({ webgpu: 50, webgl: 50, wasm: 5 }, { cache: broken }).deps,
    );
    expect(report.backend).toBe('wasm');
  });

  it('a backend that fails to train is passed over, with why', async () => {
    const d = deps({ webgpu: 5, webgl: 50, wasm: 60 });
    const stepper = d.deps.stepper;
    d.deps.stepper = (backend, batch) => {
      if (backend === 'webgpu') throw new Error('shader compilation failed');
      return stepper(backend, batch);
    };
    const report = await measureBackends(d.deps);
    expect(report.backend).toBe('webgl');
    expect(report.fallbacks).toEqual([
      { backend: 'webgpu', reason: 'failed while measuring: shader compilation failed' },
    ]);
  });

  it('starts cpu only when no measured backend starts', async () => {
    const report = await measureBackends(
      deps({}, { failures: { webgpu: 'no', webgl: 'no', wasm: 'no' } }).deps,
    );
    expect(report.backend).toBe('cpu');
    expect(report.measurement).toBeUndefined();
  });
});

describe('timeSteps', () => {
  it('stops a slow backend at its budget and counts the steps it finished', async () => {
    const time = clock();
    let steps = 0;
    const stepper = {
      async step() {
        steps++;
        time.advance(BACKEND_BUDGET_MS / 2);
      },
      dispose() {},
    };
    const timing = await timeSteps(stepper, () => {}, time.now);
    expect(steps).toBe(2);
    expect(timing).toEqual({ steps: 1, seconds: BACKEND_BUDGET_MS / 2000 });
  });

  it('takes a warm-up that spends the whole budget as the measurement', async () => {
    const time = clock();
    const stepper = { step: async () => void time.advance(BACKEND_BUDGET_MS * 2), dispose() {} };
    expect(await timeSteps(stepper, () => {}, time.now)).toEqual({
      steps: 1,
      seconds: (BACKEND_BUDGET_MS * 2) / 1000,
    });
  });
});

describe('timeSteps on a step that outlasts the budget', () => {
  /** Steps that end only when `release` is called; the budget's wait ends at once. */
  function stuckAfter(finishing: number) {
    let calls = 0;
    let release: () => void = () => {};
    const stepper = {
      step: () =>
        ++calls <= finishing
          ? Promise.resolve()
          : new Promise<void>((resolve) => {
              release = resolve;
            }),
      dispose() {},
    };
    return { stepper, release: () => release() };
  }
  const now = () => 0;
  const noTime = () => Promise.resolve();

  it('does not wait for a warm-up still running: no step in the budget, the step handed back', async () => {
    const { stepper, release } = stuckAfter(0);
    const timing = await timeSteps(stepper, () => {}, now, noTime);
    expect(timing.steps).toBe(0);
    expect(timing.pending).toBeInstanceOf(Promise);
    release();
    await expect(timing.pending).resolves.toBeUndefined();
  });

  it('counts the timed steps that finished before the one still running', async () => {
    let t = 0;
    const { stepper } = stuckAfter(3);
    const clockNow = () => t;
    const timed = await timeSteps(
      {
        step: () => {
          t += 100;
          return stepper.step();
        },
        dispose() {},
      },
      () => {},
      clockNow,
      () => new Promise((resolve) => setTimeout(resolve, 5)),
    );
    expect(timed.steps).toBe(2);
    expect(timed.seconds).toBeCloseTo(0.2);
    expect(timed.pending).toBeInstanceOf(Promise);
  });

  it('frees a backend whose step was still running only once that step ends', async () => {
    const d = deps({ webgpu: 1, webgl: 1, wasm: 1 });
    let release: () => void = () => {};
    let freed = false;
    d.deps.wait = () => Promise.resolve();
    d.deps.stepper = (backend) =>
      backend === 'webgpu'
        ? {
            step: () => new Promise<void>((resolve) => (release = resolve)),
            dispose: () => (freed = true),
          }
        : { step: () => Promise.resolve(), dispose() {} };
    const report = await measureBackends(d.deps);
    const webgpu = report.measurement?.results.find((r) => r.backend === 'webgpu');
    expect(webgpu?.steps).toBe(0);
    expect(report.backend).not.toBe('webgpu');
    expect(freed).toBe(false);
    release();
    await new Promise((resolve) => setTimeout(resolve));
    expect(freed).toBe(true);
  });
});

describe('pickFastest', () => {
  it('is undefined for no results', () => {
    expect(pickFastest([])).toBeUndefined();
  });
});
