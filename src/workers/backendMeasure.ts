/**
 * The backend of an auto run (no backend picked in the form): every backend that starts is
 * timed on the run's own model and the fastest trains, so a slow software WebGPU adapter is not
 * taken just because WebGPU comes first. Results are cached per model and device. Pure over
 * the probes, a step timer and the cache, so it is tested in Node.
 */
import * as v from 'valibot';
import { type BackendName, backendNames } from '../engine/backends/backendNames';
import { errorMessage } from '../engine/errorMessage';
import type { HardwareInfo } from '../engine/events';
import { type Adapter, type BackendProbes, webgpuDescription } from './backendChoice';
import type { BackendReport, MeasuredBackend } from './protocol';

/**
 * Timed in this order: wasm first, so GPU work left running past a budget (on a software
 * adapter, on the same CPU) cannot slow its steps. cpu only when none of them starts.
 */
export const MEASURED_BACKENDS: readonly BackendName[] = ['wasm', 'webgpu', 'webgl'];

/** Steps timed after the warm-up step (which compiles kernels and shaders). */
export const TIMED_STEPS = 3;

/**
 * How long one backend's steps are waited for, warm-up included: a slow backend stops early and
 * counts the steps it finished, so measuring never holds a run's start for long. (A step's own
 * synchronous work, e.g. compiling WebGL shaders, cannot be cut and may run past it.)
 */
export const BACKEND_BUDGET_MS = 2000;

/**
 * Every backend is first timed on batches this small; the run's own batch is timed only where
 * the small one says a full step fits the budget several times. A full batch on a software
 * adapter or software GL that is not waited for would keep the CPU busy for many seconds into
 * the run, slowing the backend chosen instead; a real GPU's small steps take milliseconds, so
 * it is still timed on the run's batch, where it is fast.
 */
export const PROBE_BATCH = 8;

export interface StepTiming {
  /** Steps that finished within the budget (0: not even the warm-up). */
  steps: number;
  seconds: number;
  /** The step that was still running when the budget ran out; it settles on its own. */
  pending?: Promise<void>;
}

/** Builds the run's model on the active backend; `step` trains once, `dispose` frees it all. */
export interface ModelStepper {
  step(): Promise<void>;
  dispose(): void;
}

export interface MeasureCache {
  /** The stored entry for `key`, unchecked (validated here); undefined when none. */
  get(key: string): Promise<unknown>;
  put(key: string, results: MeasuredBackend[]): Promise<void>;
}

export interface MeasureDeps {
  probes: BackendProbes;
  /** The run's model on the backend just started, trained on batches of `batchSize`. */
  stepper(backend: BackendName, batchSize: number): ModelStepper | Promise<ModelStepper>;
  cache: MeasureCache;
  progress(message: string, fraction: number): void;
  /** modelShapeKey of the run's config. */
  model: string;
  batchSize: number;
  now?: () => number;
  wait?: (ms: number) => Promise<void>;
}

/**
 * One warm-up step, then up to TIMED_STEPS timed ones while the backend's budget lasts. A step
 * still running when the budget runs out is not waited for (a software GPU adapter can take
 * many seconds on one step of a large model): it is handed back as `pending`, and the steps
 * that finished count. A warm-up still running then is the measurement: no step in that time.
 * A warm-up that finished late, with no time left for another, is the measurement too.
 */
export async function timeSteps(
  stepper: ModelStepper,
  onStep: (done: number) => void,
  now: () => number = () => performance.now(),
  wait: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<StepTiming> {
  const start = now();
  const inTime = (step: Promise<void>) =>
    Promise.race([
      step.then(() => true),
      wait(Math.max(0, BACKEND_BUDGET_MS - (now() - start))).then(() => false),
    ]);
  const warmUp = stepper.step();
  if (!(await inTime(warmUp))) {
    return { steps: 0, seconds: (now() - start) / 1000, pending: warmUp };
  }
  const warm = now();
  let steps = 0;
  let end = warm;
  let pending: Promise<void> | undefined;
  while (steps < TIMED_STEPS && now() - start < BACKEND_BUDGET_MS) {
    const step = stepper.step();
    if (!(await inTime(step))) {
      pending = step;
      break;
    }
    steps++;
    end = now();
    onStep(steps);
  }
  const timing =
    steps > 0
      ? { steps, seconds: (end - warm) / 1000 }
      : { steps: 1, seconds: (warm - start) / 1000 };
  return pending ? { ...timing, pending } : timing;
}

/** The fastest; on a tie a real adapter over a fallback one, never a fallback over a faster. */
export function pickFastest(results: readonly MeasuredBackend[]): MeasuredBackend | undefined {
  let best: MeasuredBackend | undefined;
  for (const r of results) {
    const faster =
      !best ||
      r.samplesPerSec > best.samplesPerSec ||
      (r.samplesPerSec === best.samplesPerSec && best.fallbackAdapter && !r.fallbackAdapter);
    if (faster) best = r;
  }
  return best;
}

const cachedResults = v.pipe(
  v.array(
    v.strictObject({
      backend: v.picklist(backendNames),
      label: v.pipe(v.string(), v.maxLength(40)),
      samplesPerSec: v.pipe(v.number(), v.finite(), v.gtValue(0)),
      steps: v.pipe(v.number(), v.integer(), v.minValue(0)),
      fallbackAdapter: v.boolean(),
    }),
  ),
  v.minLength(1),
);

/**
 * A cache entry as stored, or undefined when it is not a list of results for exactly the
 * backends that started now (hand-edited, from another version, or for other backends).
 */
export function readCached(
  entry: unknown,
  started: readonly BackendName[],
): MeasuredBackend[] | undefined {
  const parsed = v.safeParse(cachedResults, entry);
  if (!parsed.success) return undefined;
  const names = parsed.output.map((r) => r.backend);
  const same =
    names.length === started.length &&
    new Set(names).size === names.length &&
    names.every((name) => started.includes(name));
  return same ? parsed.output : undefined;
}

interface Started {
  backend: BackendName;
  info: HardwareInfo;
  adapter?: Adapter;
}

/** What the speed depends on besides the model: each backend's hardware (adapter, threads). */
function deviceOf(started: readonly Started[]): string {
  return started
    .map((s) => (s.adapter ? webgpuDescription(s.adapter) : s.info.description))
    .join('; ');
}

function labelOf(s: Started): string {
  return s.adapter?.isFallbackAdapter ? `${s.backend} (software)` : s.backend;
}

/** Starts each backend, times the ones that start (or reads the cache) and starts the fastest. */
export async function measureBackends(deps: MeasureDeps): Promise<BackendReport> {
  const { probes } = deps;
  const fallbacks: BackendReport['fallbacks'] = [];
  const started: Started[] = [];
  for (const backend of MEASURED_BACKENDS) {
    try {
      const info = await probes.start(backend);
      const adapter =
        backend === 'webgpu' ? await probes.describeAdapter().catch(() => undefined) : undefined;
      started.push({ backend, info, ...(adapter ? { adapter } : {}) });
    } catch (error) {
      fallbacks.push({ backend, reason: errorMessage(error) });
    }
  }
  if (started.length === 0) return startCpu(probes, fallbacks);

  const key = `${deps.model} on ${deviceOf(started)}`;
  const stored = await deps.cache.get(key).catch(() => undefined);
  const cached = readCached(
    stored,
    started.map((s) => s.backend),
  );
  const results = cached ?? (await timeEach(deps, started, fallbacks));
  // A backend that failed to train is timed again next time: the failure may not last.
  if (!cached && results.length === started.length) {
    await deps.cache.put(key, results).catch(() => {});
  }

  const choice = pickFastest(results);
  // Every timing failed: the first that started trains, and the run reports its own error.
  const chosen = started.find((s) => s.backend === choice?.backend) ?? started[0];
  const info = await probes.start(chosen.backend);
  const sorted = [...results].sort((a, b) => b.samplesPerSec - a.samplesPerSec);
  if (choice) sorted.unshift(...sorted.splice(sorted.indexOf(choice), 1));
  return {
    ...info,
    ...(chosen.adapter
      ? { description: webgpuDescription(chosen.adapter), adapter: chosen.adapter }
      : {}),
    fallbacks,
    measurement: { model: deps.model, results: sorted, cached: cached !== undefined },
  };
}

async function timeEach(
  deps: MeasureDeps,
  started: readonly Started[],
  fallbacks: BackendReport['fallbacks'],
): Promise<MeasuredBackend[]> {
  const results: MeasuredBackend[] = [];
  for (const [i, s] of started.entries()) {
    const label = labelOf(s);
    const say = (done: number) =>
      deps.progress(
        `Measuring backends: ${label} ${done}/${TIMED_STEPS}…`,
        (i + done / TIMED_STEPS) / started.length,
      );
    say(0);
    try {
      await deps.probes.start(s.backend);
      const probeBatch = Math.min(deps.batchSize, PROBE_BATCH);
      let timed = await timeAt(deps, s.backend, probeBatch, say);
      const fullStepSeconds = deps.batchSize / timed.samplesPerSec;
      if (
        probeBatch < deps.batchSize &&
        timed.steps > 0 &&
        fullStepSeconds * (TIMED_STEPS + 1) <= BACKEND_BUDGET_MS / 1000
      ) {
        timed = await timeAt(deps, s.backend, deps.batchSize, say);
      }
      results.push({
        backend: s.backend,
        label,
        ...timed,
        fallbackAdapter: s.adapter?.isFallbackAdapter === true,
      });
    } catch (error) {
      fallbacks.push({
        backend: s.backend,
        reason: `failed while measuring: ${errorMessage(error)}`,
      });
    }
  }
  deps.progress('Backends measured', 1);
  return results;
}

/** The run's model on `backend` trained on batches of `batchSize`: its samples/s and steps. */
async function timeAt(
  deps: MeasureDeps,
  backend: BackendName,
  batchSize: number,
  say: (done: number) => void,
): Promise<{ samplesPerSec: number; steps: number }> {
  const stepper = await deps.stepper(backend, batchSize);
  let timing: StepTiming;
  try {
    timing = await timeSteps(stepper, say, deps.now, deps.wait);
  } catch (error) {
    stepper.dispose();
    throw error;
  }
  // Its tensors are freed once the step still running (if any) has ended.
  const free = () => stepper.dispose();
  if (timing.pending) timing.pending.then(free, free);
  else free();
  // No step in time: at most one batch in that time.
  const done = Math.max(timing.steps, 1);
  return {
    samplesPerSec: (done * batchSize) / Math.max(timing.seconds, 1e-6),
    steps: timing.steps,
  };
}

async function startCpu(
  probes: BackendProbes,
  fallbacks: BackendReport['fallbacks'],
): Promise<BackendReport> {
  try {
    return { ...(await probes.start('cpu')), fallbacks };
  } catch (error) {
    fallbacks.push({ backend: 'cpu', reason: errorMessage(error) });
    throw new Error(
      `No TensorFlow.js backend could start in this browser: ${fallbacks
        .map((f) => `${f.backend}: ${f.reason}`)
        .join('; ')}. Try another browser or update this one.`,
    );
  }
}
