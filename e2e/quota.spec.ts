import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, expect, type Page, test } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './chromium';
import { faultsUrl, pauseAtFirstCheckpoint } from './faults';
import {
  button,
  checkpointAction,
  checkpointRows,
  installHooks,
  openSection,
  screenshot,
  trainerEvents,
  waitForBackend,
  waitForTrainer,
} from './studio';

// A dense layer wide enough that a checkpoint (weights and Adam's moments, ~1 MB) dwarfs the
// few kilobytes IndexedDB's own files vary by, so "one and a half checkpoints" is exact enough.
const fcDim = '256';
// Epochs long enough that the pause lands in the epoch after the first checkpoint.
const batchesPerEpoch = '20';
const maxEpochs = 4;
const bucketSpaceCacheMs = 31_000;

/** Bytes this origin stores, as Chromium's quota manager counts them. */
async function usage(page: Page): Promise<number> {
  return page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
}

/**
 * Chromium applies `Storage.overrideQuotaForOrigin` only to a profile on disk, so this test
 * launches its own persistent context instead of the config's incognito one.
 */
async function persistentContext(profile: string, baseURL: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    args: chromiumArgs,
    headless: true,
    baseURL,
    viewport: { width: 1280, height: 900 },
  });
}

test('a real quota reached mid-run keeps the older checkpoints and says so', async ({
  baseURL,
}) => {
  test.setTimeout(300_000);
  if (!baseURL) throw new Error('The Playwright config gives no baseURL.');
  const profile = mkdtempSync(join(tmpdir(), 'inklab-quota-'));
  const context = await persistentContext(profile, baseURL);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await installHooks(page);
    await pauseAtFirstCheckpoint(page);
    await page.goto(
      faultsUrl({
        fc_dim: fcDim,
        limit_train_batches: batchesPerEpoch,
        max_epochs: String(maxEpochs),
      }),
    );
    await waitForBackend(page);
    const before = await usage(page);
    await button(page, 'Train').click();

    // Paused right after a checkpoint (on a busy machine, maybe the next one): room for one
    // and a half more, so the next checkpoint fits and the one after it does not.
    await waitForTrainer(page, 'paused');
    const savedBefore = (await trainerEvents(page, 'checkpointSaved')).length;
    expect(savedBefore, 'the run paused with epochs left to fill the quota').toBeLessThan(
      maxEpochs - 1,
    );
    const rows = checkpointRows(page);
    await openSection(page, 'Checkpoints');
    await expect(rows).toHaveCount(savedBefore);
    const stored = await usage(page);
    const checkpoint = (stored - before) / savedBefore;
    expect(checkpoint, 'one checkpoint takes room').toBeGreaterThan(500_000);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', {
      origin: new URL(baseURL).origin,
      quotaSize: Math.round(stored + 1.5 * checkpoint),
    });
    // Chromium's IndexedDB grants space from a cached estimate of the free quota for 30 s
    // (BucketContext::kBucketSpaceCacheTimeLimit): the lower quota counts only after that.
    await page.waitForTimeout(bucketSpaceCacheMs);
    await openSection(page, 'Train');
    await button(page, 'Resume').click();
    const refused = savedBefore + 1;

    const alert = page.getByRole('alert');
    await expect(alert).toContainText(
      new RegExp(
        `Browser storage is full: checkpoint ".*epoch=${String(refused).padStart(4, '0')}.*" \\(\\d+\\.\\d MB\\) could not be saved; everything stored before is kept`,
      ),
      { timeout: 150_000 },
    );
    await expect(alert).toContainText('Delete old checkpoints or imported datasets');
    const saved = await trainerEvents(page, 'checkpointSaved');
    const kept = Array.from({ length: refused }, (_, epoch) => epoch);
    expect(saved.map((s) => s.epoch)).toEqual(kept);
    await openSection(page, 'Checkpoints');
    await expect(rows).toHaveCount(kept.length);
    const listed = await rows.allInnerTexts();
    await screenshot(page, 'faults-storage-full');

    // The refused write left IndexedDB as it was: every kept checkpoint survives a reload and loads.
    await page.reload();
    await waitForBackend(page);
    await expect(rows).toHaveCount(kept.length, { timeout: 60_000 });
    expect(await rows.allInnerTexts()).toEqual(listed);
    for (const row of await rows.all()) {
      await (await checkpointAction(row, 'Load')).click();
      await expect(row).toContainText('loaded');
    }
    await expect(page.getByRole('alert')).toHaveCount(0);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
