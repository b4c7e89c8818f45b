import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { chart, openSection, screenshot, studioUrl, waitForBackend } from './studio';

/** A real `npm run experiment` run's lightning_logs version folder, and its --json line. */
function cliRun(): { dir: string; json: Record<string, number> } {
  const base = mkdtempSync(join(tmpdir(), 'inklab-e2e-cli-'));
  const out = execFileSync(
    'npx',
    [
      'tsx',
      'src/cli/runExperiment.ts',
      '--max_epochs=2',
      '--limit_train_batches=10',
      '--limit_val_batches=2',
      '--limit_test_batches=2',
      `--checkpoint_dir=${join(base, 'ckpt')}`,
      `--log_dir=${join(base, 'logs')}`,
      '--json',
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const [run] = readdirSync(join(base, 'logs'));
  return {
    dir: join(base, 'logs', run, 'version_0'),
    json: JSON.parse(out.trim().split('\n').at(-1) as string),
  };
}

test('a CLI run’s metrics.csv and hparams.yaml come into the Runs view, once, and stay', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const { dir, json } = cliRun();
  await page.goto(studioUrl({ backend: 'wasm' }));
  await waitForBackend(page);
  await openSection(page, 'Runs');
  const picker = page.getByLabel('Import a CLI run');
  await picker.setInputFiles([join(dir, 'metrics.csv'), join(dir, 'hparams.yaml')]);
  const row = page.locator('table.runs-table tr.run-row');
  await expect(row).toHaveCount(1);
  const runName = String(await row.getAttribute('data-run'));
  expect(runName).toMatch(/^MLP-MNIST-cli-[0-9a-f]{8}$/);
  await expect(page.getByRole('status').filter({ hasText: `Imported ${runName}` })).toBeVisible();
  await expect(row).toContainText(json['test/acc'].toFixed(4));
  await expect(row).toContainText(json['validation/loss'].toFixed(4));
  await expect(row).toContainText('Completed');
  // The logs keep no times: the duration is unknown, not zero.
  await expect(row.locator('td').nth(3)).toHaveText('–'); // Compare, Started, Samples/s, Duration

  await page.getByRole('checkbox', { name: `Compare ${runName}` }).check();
  const overlay = chart(page, 'train/loss by step');
  await expect(overlay.locator('.recharts-line')).toHaveCount(1);
  await screenshot(page, 'runs-import');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'runs-import-phone');
  await page.setViewportSize({ width: 1280, height: 800 });

  // The same files again: the run is already there.
  await picker.setInputFiles([join(dir, 'metrics.csv'), join(dir, 'hparams.yaml')]);
  await expect(
    page.getByRole('status').filter({ hasText: 'already in the Runs view' }),
  ).toBeVisible();
  await expect(row).toHaveCount(1);

  // Files that are not a run's logs are refused with what to choose.
  await picker.setInputFiles({
    name: 'metrics.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('a,b\n1,2\n'),
  });
  await expect(page.getByRole('alert')).toContainText(
    'Could not import the run in metrics.csv: metrics.csv has no step column',
  );
  await picker.setInputFiles([join(dir, 'hparams.yaml')]);
  await expect(page.getByRole('alert').last()).toContainText(
    'Choose one metrics.csv and, beside it, its hparams.yaml',
  );

  // Records an older Inklab or a hostile page of the same origin could leave: listed apart,
  // each deletable, the readable run untouched.
  await page.evaluate(async (good) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('inklab');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = db.transaction('runs', 'readwrite');
    const runs = tx.objectStore('runs');
    const record = await new Promise<Record<string, unknown>>((resolve) => {
      const get = runs.get(good);
      get.onsuccess = () => resolve(get.result);
    });
    runs.put({ ...record, id: 'crafted', startedAt: 'yesterday' }, 'crafted');
    runs.put({ not: 'a run' }, [1, 2]);
    await new Promise((resolve) => {
      tx.oncomplete = resolve;
    });
    db.close();
  }, runName);
  await page.reload();
  await openSection(page, 'Runs');
  await expect(page.locator(`tr.run-row[data-run="${runName}"]`)).toBeVisible();
  const unreadable = page.getByRole('region', { name: 'Unreadable run records' });
  await expect(unreadable).toContainText('2 stored run records could not be read');
  await expect(unreadable).toContainText('crafted: startedAt must be a number, got "yesterday"');
  await expect(unreadable).toContainText('1,2: version is missing');
  await screenshot(page, 'runs-unreadable');
  await page.getByRole('button', { name: 'Delete the unreadable run record crafted' }).click();
  await expect(unreadable).toContainText('One stored run record could not be read');
  await page.getByRole('button', { name: 'Delete the unreadable run record 1,2' }).click();
  await expect(unreadable).toHaveCount(0);
  await page.reload();
  await openSection(page, 'Runs');
  await expect(page.getByRole('region', { name: 'Unreadable run records' })).toHaveCount(0);
  await expect(page.locator(`tr.run-row[data-run="${runName}"]`)).toBeVisible();
  // The run panel does not take an imported run for one trained in this page.
  await openSection(page, 'Train');
  await expect(page.getByRole('region', { name: 'Test metrics' })).toHaveCount(0);
  expect(readFileSync(join(dir, 'metrics.csv'), 'utf8')).toContain('test/acc');
});
