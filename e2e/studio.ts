/**
 * Helpers shared by the e2e specs: the tiny configuration, page hooks that observe the worker's
 * messages and long tasks without touching product code, and the studio's accessible names.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import type { TrainerEvent } from '../src/engine/events';

/** The tiny CNN of the tests: a few hundred parameters, three batches of eight. */
export const tinyConfig: Record<string, string> = {
  model_class: 'CNN',
  conv_dim: '2',
  fc_dim: '8',
  batch_size: '8',
  limit_train_batches: '3',
  limit_val_batches: '1',
  limit_test_batches: '1',
  max_epochs: '2',
};

export function studioUrl(overrides: Record<string, string> = {}): string {
  return `/?${new URLSearchParams({ ...tinyConfig, ...overrides })}`;
}

/** A trainer event as seen on the main thread, with its arrival time (performance.now()). */
export interface SeenEvent {
  t: number;
  event: TrainerEvent;
}

export interface LongTask {
  startTime: number;
  duration: number;
  name: string;
}

export interface Hooks {
  events: SeenEvent[];
  longTasks: LongTask[];
  workers: number;
}

declare global {
  interface Window {
    __inklab?: Hooks;
  }
}

/**
 * Before any page script runs: wraps `Worker` so every `{type: 'trainer'}` message the studio's
 * worker posts is also recorded (the product keeps its own listeners), and records long tasks.
 * A string, not a function: tsx (the benchmark) would wrap named functions in `__name` calls
 * that do not exist in the page.
 */
export const hooksScript = `(() => {
  const hooks = { events: [], longTasks: [], workers: 0 };
  window.__inklab = hooks;
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(url, options) {
      super(url, options);
      hooks.workers++;
      this.addEventListener('message', (e) => {
        const data = e.data;
        if (data && data.type === 'trainer' && data.event) {
          hooks.events.push({ t: performance.now(), event: data.event });
        }
      });
    }
  };
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        hooks.longTasks.push({ startTime: entry.startTime, duration: entry.duration, name: entry.name });
      }
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // Long tasks are a Chromium API; the tests that need them check they were observed.
  }
})();`;

export async function installHooks(page: Page): Promise<void> {
  await page.addInitScript({ content: hooksScript });
}

export async function seenEvents(page: Page): Promise<SeenEvent[]> {
  return page.evaluate(() => window.__inklab?.events ?? []);
}

export async function trainerEvents<T extends TrainerEvent['type']>(
  page: Page,
  type: T,
): Promise<Extract<TrainerEvent, { type: T }>[]> {
  const seen = await seenEvents(page);
  return seen
    .map((s) => s.event)
    .filter((e): e is Extract<TrainerEvent, { type: T }> => e.type === type);
}

export async function longTasks(page: Page): Promise<LongTask[]> {
  return page.evaluate(() => window.__inklab?.longTasks ?? []);
}

const screenshotDir = join('e2e', 'screenshots');

/** Full-page screenshots of the main screens, kept for review (gitignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

export function button(page: Page | Locator, name: string): Locator {
  return page.getByRole('button', { name, exact: true });
}

export function backendStatus(page: Page): Locator {
  return page.getByRole('status', { name: 'Backend' });
}

export function progressBar(page: Page): Locator {
  return page.getByRole('progressbar', { name: 'Training progress' });
}

export function testMetrics(page: Page): Locator {
  return page.getByRole('region', { name: 'Test metrics' });
}

export function checkpointTable(page: Page): Locator {
  return page.getByRole('table', { name: 'Checkpoints' });
}

/** Rows of the Checkpoints table that hold a checkpoint (they have a "Load RUN epoch N" button). */
export function checkpointRows(page: Page): Locator {
  return checkpointTable(page)
    .getByRole('row')
    .filter({ has: page.getByRole('button', { name: /^Load \S+ epoch \d+$/ }) });
}

/**
 * A checkpoint row's action by its visible text ("Load", "Download .ckpt", "Resume training"),
 * its accessible name being that text and the checkpoint; all but Load are under "More",
 * which this opens first.
 */
export async function checkpointAction(row: Locator, action: string): Promise<Locator> {
  const escaped = action.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const target = row.getByRole('button', {
    name: new RegExp(`^${escaped} (of )?\\S+ epoch \\d+$`),
  });
  if (action !== 'Load' && !(await target.isVisible())) {
    await row.getByRole('button', { name: /^More actions for / }).click();
  }
  return target;
}

export function chart(page: Page, name: string): Locator {
  return page.getByRole('figure', { name, exact: true });
}

export async function dataPoints(figure: Locator): Promise<number> {
  return Number((await figure.getAttribute('data-points')) ?? 'NaN');
}

/** The run has ended when the Test metrics region lists the test accuracy. */
export async function waitForTestMetrics(page: Page, timeout = 150_000): Promise<void> {
  await expect(testMetrics(page)).toContainText(/test\/acc\s+\d/, { timeout });
}

/**
 * Waits for the worker's `finished` event with a cheap in-page check: Playwright's role queries
 * walk the whole DOM on the main thread on every poll, which would pollute long-task counts.
 */
export async function waitForFinished(page: Page, timeout = 150_000): Promise<void> {
  await page.waitForFunction(
    () => window.__inklab?.events.some((e) => e.event.type === 'finished') ?? false,
    undefined,
    { polling: 250, timeout },
  );
}

/**
 * Waits until the page reports the backend the next run uses (the worker is up; "auto: …" when
 * it is measured at the start of a run), then returns its text.
 */
export async function waitForBackend(page: Page): Promise<string> {
  const status = backendStatus(page);
  await expect(status).toHaveText(/\b(webgpu|webgl|wasm|cpu|auto)\b/i, { timeout: 60_000 });
  return ((await status.textContent()) ?? '').trim();
}

export async function waitForTrainer<T extends TrainerEvent['type']>(
  page: Page,
  type: T,
  timeout = 150_000,
): Promise<Extract<TrainerEvent, { type: T }>> {
  await expect
    .poll(async () => (await trainerEvents(page, type)).length, {
      timeout,
      message: `waiting for the worker's '${type}' event`,
    })
    .toBeGreaterThan(0);
  const [event] = await trainerEvents(page, type);
  return event as Extract<TrainerEvent, { type: T }>;
}

/** `<canvas aria-label="Drawing pad">` (a canvas has no implicit role). */
export function drawingPad(page: Page): Locator {
  return page.getByLabel('Drawing pad', { exact: true });
}

/** A stroke on the drawing pad with real mouse moves (pointer events). */
export async function drawStroke(page: Page): Promise<void> {
  const pad = drawingPad(page);
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  if (!box) throw new Error('The drawing pad has no bounding box (not visible).');
  const at = (fx: number, fy: number) => [box.x + fx * box.width, box.y + fy * box.height] as const;
  // A "7": a top bar, then a diagonal down to the left.
  await page.mouse.move(...at(0.25, 0.25));
  await page.mouse.down();
  await page.mouse.move(...at(0.75, 0.25), { steps: 8 });
  await page.mouse.move(...at(0.45, 0.8), { steps: 12 });
  await page.mouse.up();
}

/** Opens one of the studio's sections (Train, Playground, Errors, Lines, Checkpoints, Data) by its link. */
export async function openSection(page: Page, name: string): Promise<void> {
  const link = page
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('link', { name, exact: true });
  await link.click();
  await expect(link).toHaveAttribute('aria-current', 'page');
}
