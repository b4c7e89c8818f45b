import { mkdirSync, readFileSync } from 'node:fs';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { unzipSync } from 'fflate';
import {
  checkpointAction,
  checkpointRows,
  checkpointTable,
  installHooks,
  openSection,
  studioUrl,
  trainerEvents,
  waitForBackend,
  waitForTestMetrics,
} from './studio';

const shots = 'e2e/screenshots';

/** The Checkpoints section's screenshot, for review (outside the repository). */
async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(shots, { recursive: true });
  const panel = page.getByRole('region', { name: 'Checkpoints' });
  await panel.screenshot({ path: `${shots}/${name}.png` });
}

/** The checkpoint row whose Load button names `runName` and `epoch`. */
function row(page: Page, runName: string, epoch: number): Locator {
  return checkpointRows(page).filter({
    has: page.getByRole('button', { name: `Load ${runName} epoch ${epoch}`, exact: true }),
  });
}

test('checkpoints are grouped by run with test metrics, download as one tfjs zip, and a re-import stores nothing twice', async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  await installHooks(page);
  await page.goto(studioUrl());
  await waitForBackend(page);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await waitForTestMetrics(page, 240_000);
  await openSection(page, 'Checkpoints');

  const [started] = await trainerEvents(page, 'runStarted');
  const runName = started?.runName ?? '';
  const [tested] = await trainerEvents(page, 'test');
  const saved = await trainerEvents(page, 'checkpointSaved');
  const removed = new Set((await trainerEvents(page, 'checkpointRemoved')).map((e) => e.id));
  const kept = saved.filter((s) => !removed.has(s.id));
  const testedEpoch = kept.find((s) => s.id === tested?.checkpoint)?.epoch;
  if (testedEpoch === undefined) throw new Error('the run tested no stored checkpoint');

  // One group for the run, headed by its name, with every kept checkpoint, latest epoch first.
  const rows = checkpointRows(page);
  await expect(rows).toHaveCount(kept.length);
  const group = checkpointTable(page).getByRole('rowgroup').filter({ hasText: runName });
  await expect(group.getByRole('rowheader').first()).toContainText(runName);
  await expect(group).toContainText(`${kept.length} checkpoints`);
  expect(await group.getByRole('button', { name: /^Load / }).count()).toBe(kept.length);
  const epochs = kept.map((s) => s.epoch).sort((a, b) => b - a);
  expect(await rows.getByRole('rowheader').allInnerTexts()).toEqual(
    epochs.map((e) => expect.stringContaining(`epoch ${e}`)),
  );

  // The tested checkpoint shows the run's test metrics (as stored with it); the others do not.
  const testAcc = tested?.metrics['test/acc'];
  if (testAcc === undefined) throw new Error('the test event has no test/acc');
  const testedRow = row(page, runName, testedEpoch);
  await expect(testedRow.getByRole('cell').nth(1)).toContainText(`acc ${testAcc.toFixed(4)}`);
  for (const s of kept.filter((k) => k.epoch !== testedEpoch)) {
    await expect(row(page, runName, s.epoch)).toContainText('not tested');
  }
  await expect(page.getByRole('region', { name: 'Checkpoints' })).toContainText(
    new RegExp(`Checkpoints use [\\d.]+ [kMG]?B in all \\(${kept.length} from 1 run\\)`),
  );

  // No action is a bare "Load" or "Delete": each name says which checkpoint it acts on, and a
  // row is two tab stops until "More" is opened.
  const what = `${runName} epoch ${testedEpoch}`;
  await expect(page.getByRole('button', { name: 'Load', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Delete', exact: true })).toHaveCount(0);
  expect(await testedRow.getByRole('button').count()).toBe(2);
  const more = testedRow.getByRole('button', { name: `More actions for ${what}`, exact: true });
  await more.focus();
  await page.keyboard.press('Enter');
  await expect(more).toHaveAttribute('aria-expanded', 'true');
  for (const name of [
    `Load ${what}`,
    `Download .ckpt of ${what}`,
    `Download tfjs .zip of ${what}`,
    `Resume training ${what}`,
    `Delete ${what}`,
  ]) {
    await expect(testedRow.getByRole('button', { name, exact: true })).toBeVisible();
  }
  await shot(page, 'checkpoints-desktop-more-open');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Escape');
  await expect(more).toHaveAttribute('aria-expanded', 'false');
  await expect(more).toBeFocused();

  // "Download tfjs": one zip named after the run and epoch, holding a loadable model.
  const downloads: string[] = [];
  page.on('download', (d) => downloads.push(d.suggestedFilename()));
  const tfjs = await checkpointAction(testedRow, 'Download tfjs .zip');
  const [zipDownload] = await Promise.all([page.waitForEvent('download'), tfjs.click()]);
  expect(zipDownload.suggestedFilename()).toBe(`${runName}-epoch-${testedEpoch}-tfjs.zip`);
  const zipPath = testInfo.outputPath(zipDownload.suggestedFilename());
  await zipDownload.saveAs(zipPath);
  const files = unzipSync(new Uint8Array(readFileSync(zipPath)));
  expect(Object.keys(files).sort()).toEqual(['model.json', 'weights.bin']);
  const modelJson = JSON.parse(new TextDecoder().decode(files['model.json']));
  expect(modelJson.modelTopology).toBeTruthy();
  const specs: { shape: number[]; dtype: string }[] = modelJson.weightsManifest[0].weights;
  const weightBytes = specs.reduce((sum, w) => sum + 4 * w.shape.reduce((n, d) => n * d, 1), 0);
  expect(specs.every((w) => w.dtype === 'float32')).toBe(true);
  expect(files['weights.bin']?.length).toBe(weightBytes);
  expect(modelJson.userDefinedMetadata?.mapping).toHaveLength(10);

  // The .ckpt imported back is the stored checkpoint itself: a notice, no new row.
  const ckpt = await checkpointAction(testedRow, 'Download .ckpt');
  const [ckptDownload] = await Promise.all([page.waitForEvent('download'), ckpt.click()]);
  const ckptPath = testInfo.outputPath(ckptDownload.suggestedFilename());
  await ckptDownload.saveAs(ckptPath);
  expect(downloads, 'one file per download').toEqual([
    zipDownload.suggestedFilename(),
    ckptDownload.suggestedFilename(),
  ]);
  await page.getByLabel('Import checkpoint', { exact: true }).setInputFiles(ckptPath);
  await expect(page.getByRole('status').filter({ hasText: 'is already stored as' })).toHaveText(
    new RegExp(`is already stored as ${runName} epoch ${testedEpoch}: nothing was imported`),
    { timeout: 60_000 },
  );
  await expect(rows).toHaveCount(kept.length);
  await page.reload();
  await waitForBackend(page);
  await expect(rows).toHaveCount(kept.length, { timeout: 60_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);
  await shot(page, 'checkpoints-desktop');

  // A phone: the rows become cards, nothing scrolls sideways, every action is reachable.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole('heading', { name: 'Checkpoints', exact: true }).scrollIntoViewIfNeeded();
  const sideways = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(sideways, 'no horizontal scroll at 390 px').toBeLessThanOrEqual(0);
  const table = await checkpointTable(page).boundingBox();
  expect(table?.width ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(390);
  const phoneRow = row(page, runName, testedEpoch);
  for (const action of ['Load', 'Download .ckpt', 'Download tfjs .zip', 'Delete']) {
    const control = await checkpointAction(phoneRow, action);
    await control.scrollIntoViewIfNeeded();
    const box = await control.boundingBox();
    expect(box, `${action} has a box`).not.toBeNull();
    expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 0) <= 390, action).toBe(true);
  }
  await phoneRow.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${shots}/checkpoints-phone.png` });
});
