/**
 * The studio in headless Chromium, per backend (webgpu, webgl, wasm): training samples/s of the
 * studio's worker (driven through the UI: URL query + Train, timed by the worker's step events
 * as they reach the page) against a bare `model.trainOnBatch` loop in a bench-only worker on the
 * same backend, model and batches; page load to first step; IndexedDB checkpoint save and load
 * through the studio's store; main-thread long tasks while training.
 *
 * The bench page (bench/browser/bench.html) is a second Vite entry of a separate build into
 * .cache/bench-dist, so it never ships in dist/. That build uses vite.config.ts as it is (same
 * minifier, same worker format) and is served by `vite preview` with its COOP/COEP headers.
 */

import { existsSync } from 'node:fs';
import { type Browser, chromium } from '@playwright/test';
import { chromiumArgs, chromiumPath, webgpuFlag } from '../e2e/chromium';
import { serveBuild } from '../e2e/servedBuild';
import { type Hooks, hooksScript } from '../e2e/studio';
import type { BackendName } from '../src/engine/backends/initBackend';
import { errorMessage } from '../src/engine/errorMessage';
import type { BareResult, CheckpointResult } from './browser/protocol';
import { median } from './timing';

const outDir = '.cache/bench-dist';
const batchSize = 32;
const warmupBatches = 1;
/** Per backend: SwiftShader trains the lab's CNN at 1-2 samples/s, so a batch takes 15-30 s. */
const measuredBatches: Record<string, number> = { webgpu: 3, webgl: 3, wasm: 24 };

export interface BrowserBenchOptions {
  backends?: BackendName[];
  progress?: (line: string) => void;
}

type Window = { __inklab?: Hooks };

const round = (x: number, digits = 3) => Number(x.toFixed(digits));

interface StudioRun {
  samplesPerSec: number;
  backendStatus: string;
  pageLoadToFirstStep: number;
  clickToFirstStep: number;
  stepIntervals: number[];
  longTasks: { startTime: number; duration: number }[];
}

/** The studio's own worker, driven as a user would: the config in the URL, then Train. */
async function measureStudio(browser: Browser, base: string, backend: BackendName) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript({ content: hooksScript });
    const batches = warmupBatches + (measuredBatches[backend] ?? 3);
    const query = new URLSearchParams({
      model_class: 'CNN',
      data_class: 'MNIST',
      batch_size: String(batchSize),
      limit_train_batches: String(batches),
      limit_val_batches: '1',
      limit_test_batches: '1',
      max_epochs: '1',
      backend,
    });
    await page.goto(`${base}/?${query}`);
    const status = page.getByRole('status', { name: 'Backend' });
    await status.filter({ hasText: /webgpu|webgl|wasm|cpu/i }).waitFor({ timeout: 60_000 });
    const train = page.getByRole('button', { name: 'Train', exact: true });
    await train.waitFor();
    const clickedAt = await page.evaluate(() => performance.now());
    await train.click();
    // Cheap in-page polling of the recorded worker events (no DOM queries while it trains).
    await page.waitForFunction(
      (n) => {
        const events = (window as Window).__inklab?.events ?? [];
        return (
          events.filter((e) => e.event.type === 'step').length >= n ||
          events.some((e) => e.event.type === 'finished' || e.event.type === 'error')
        );
      },
      batches,
      { polling: 500, timeout: 300_000 },
    );
    const hooks = await page.evaluate(() => (window as Window).__inklab);
    const backendStatus = ((await status.textContent()) ?? '').trim();
    const events = hooks?.events ?? [];
    const error = events.find((e) => e.event.type === 'error');
    if (error?.event.type === 'error') throw new Error(`the run failed: ${error.event.message}`);
    const started = events.find((e) => e.event.type === 'runStarted');
    const trainedOn = started?.event.type === 'runStarted' ? started.event.hardware.backend : '?';
    if (trainedOn !== backend) {
      throw new Error(
        `the studio trained on ${trainedOn}, not ${backend} (Backend: ${backendStatus})`,
      );
    }
    const steps = events.filter((e) => e.event.type === 'step');
    if (steps.length < batches) throw new Error(`only ${steps.length} of ${batches} steps arrived`);
    // The session reads the loss back every step, so a step event means the step finished.
    const from = steps[warmupBatches - 1];
    const to = steps[batches - 1];
    if (!from || !to) throw new Error('missing step events');
    const seconds = (to.t - from.t) / 1000;
    const run: StudioRun = {
      samplesPerSec: ((batches - warmupBatches) * batchSize) / seconds,
      backendStatus,
      pageLoadToFirstStep: (steps[0]?.t ?? NaN) / 1000,
      clickToFirstStep: ((steps[0]?.t ?? NaN) - clickedAt) / 1000,
      stepIntervals: steps.slice(1).map((s, i) => round((s.t - (steps[i]?.t ?? 0)) / 1000)),
      longTasks: (hooks?.longTasks ?? []).filter(
        (t) => t.startTime >= clickedAt && t.startTime <= to.t,
      ),
    };
    return run;
  } finally {
    await context.close();
  }
}

/** Runs `request` in the bench page's bare worker (a fresh browser context each time). */
async function benchRequest<T>(
  browser: Browser,
  base: string,
  kind: 'bare' | 'checkpoint',
  request: Record<string, unknown>,
): Promise<T> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${base}/bench/browser/bench.html`);
    await page.waitForFunction(() => 'inklabBench' in window);
    return (await page.evaluate(
      ([k, r]) =>
        (
          window as unknown as {
            inklabBench: Record<string, (r: unknown) => Promise<unknown>>;
          }
        ).inklabBench[k as string]?.(r),
      [kind, request] as const,
    )) as T;
  } finally {
    await context.close();
  }
}

export async function measureBrowser(
  options: BrowserBenchOptions = {},
): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  const progress =
    options.progress ??
    ((line: string) =>
      process.stderr.write(
        `[bench:browser ${((performance.now() - t0) / 1000).toFixed(0)} s] ${line}\n`,
      ));
  const backends = options.backends ?? (['webgpu', 'webgl', 'wasm'] as BackendName[]);
  const results: Record<string, unknown> = { browser_batch_size: batchSize };
  if (!existsSync(chromiumPath)) {
    return {
      ...results,
      browser_skipped: `no Chromium at ${chromiumPath} (apt-get install chromium)`,
    };
  }
  const started = performance.now();
  progress(`building the app with the bench page into ${outDir}`);
  const served = await serveBuild(outDir, {
    main: 'index.html',
    bench: 'bench/browser/bench.html',
  });
  const { base } = served;
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [...chromiumArgs, webgpuFlag],
  });
  results.browser = `chromium ${browser.version()}`;
  try {
    let idbBackend: BackendName | undefined;
    for (const backend of backends) {
      // Bare, studio, bare again: the two bare runs bracket the studio's, so a machine that
      // gets slower or faster during the measurement moves both sides alike.
      const runBare = async (when: string) => {
        progress(`${backend}: bare trainOnBatch loop in a bench worker (${when})`);
        return benchRequest<BareResult>(browser, base, 'bare', {
          backend,
          batchSize,
          warmupBatches,
          batches: measuredBatches[backend] ?? 3,
        });
      };
      let bareRuns: BareResult[];
      let studio: StudioRun;
      try {
        // Not counted: the first page on a backend in this browser compiles its shaders and
        // warms the GPU process, which made the first measured run up to a third slower.
        await runBare('warm-up, not counted');
        const before = await runBare('before the studio');
        progress(`${backend}: the studio's worker (lab CNN, batch ${batchSize})`);
        studio = await measureStudio(browser, base, backend);
        bareRuns = [before, await runBare('after the studio')];
      } catch (error) {
        results[`${backend}_skipped`] = errorMessage(error);
        progress(`${backend}: skipped (${errorMessage(error)})`);
        continue;
      }
      const bare = {
        samplesPerSec: bareRuns.reduce((sum, r) => sum + r.samplesPerSec, 0) / bareRuns.length,
        batchSeconds: bareRuns.flatMap((r) => r.batchSeconds),
      };
      idbBackend ??= backend;
      results[`${backend}_worker_samples_per_s`] = round(studio.samplesPerSec, 2);
      results[`${backend}_bare_samples_per_s`] = round(bare.samplesPerSec, 2);
      progress(
        `${backend}: worker ${studio.samplesPerSec.toFixed(2)}, bare ${bare.samplesPerSec.toFixed(2)} samples/s`,
      );
      results[`${backend}_worker_vs_bare_ratio`] = round(studio.samplesPerSec / bare.samplesPerSec);
      results[`${backend}_description`] = studio.backendStatus;
      results[`${backend}_worker_step_intervals_s`] = studio.stepIntervals;
      results[`${backend}_bare_batch_s`] = bare.batchSeconds.map((s) => round(s));
      results[`${backend}_page_load_to_first_step_s`] = round(studio.pageLoadToFirstStep, 2);
      results[`${backend}_click_to_first_step_s`] = round(studio.clickToFirstStep, 2);
      results[`${backend}_main_thread_long_tasks`] = studio.longTasks.length;
      if (results.page_load_to_first_step_s === undefined) {
        // The first backend measured (webgpu unless it was skipped) is what a user gets.
        results.page_load_to_first_step_s = round(studio.pageLoadToFirstStep, 2);
        results.page_load_to_first_step_backend = backend;
        results.main_thread_long_tasks = studio.longTasks.length;
        results.main_thread_long_task_max_ms = Math.round(
          Math.max(0, ...studio.longTasks.map((t) => t.duration)),
        );
        results.main_thread_long_tasks_total_ms = Math.round(
          studio.longTasks.reduce((sum, t) => sum + t.duration, 0),
        );
      }
    }
    if (idbBackend) {
      progress(`IndexedDB checkpoint save and load of the lab's CNN on ${idbBackend}`);
      try {
        const ckpt = await benchRequest<CheckpointResult>(browser, base, 'checkpoint', {
          backend: idbBackend,
          repeats: 3,
        });
        results.idb_checkpoint_save_s = round(median(ckpt.saveSeconds));
        results.idb_checkpoint_load_s = round(median(ckpt.loadSeconds));
        results.idb_checkpoint_bytes = ckpt.bytes;
        results.idb_checkpoint_backend = ckpt.backend;
      } catch (error) {
        results.idb_checkpoint_skipped = errorMessage(error);
      }
    }
  } finally {
    await browser.close();
    await served.close();
  }
  results.browser_bench_s = round((performance.now() - started) / 1000, 1);
  return results;
}
