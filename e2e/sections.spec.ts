import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { SECTIONS } from '../src/app/sections';
import {
  button,
  drawingPad,
  drawStroke,
  installHooks,
  openSection,
  screenshot,
  studioUrl,
  waitForBackend,
  waitForTestMetrics,
} from './studio';

/** A finished tiny run whose best checkpoint is loaded, so every section has content. */
async function trainTiny(page: Page): Promise<void> {
  await installHooks(page);
  await page.goto(studioUrl({ backend: 'wasm', max_epochs: '1' }));
  await waitForBackend(page);
  await button(page, 'Train').click();
  await waitForTestMetrics(page);
}

const tryIt = (page: Page) =>
  page.getByRole('link', { name: 'Try it in the Playground', exact: true });

test('each section has its own URL, and Try it opens the Playground with the run’s model', async ({
  page,
}) => {
  await trainTiny(page);
  await tryIt(page).click();
  await expect(page).toHaveURL(/#playground$/);
  const heading = page.getByRole('heading', { name: 'Playground', level: 2 });
  await expect(heading).toBeFocused();
  await expect(page.getByRole('heading', { name: 'Run', level: 2 })).toBeHidden();
  await drawStroke(page);
  await expect(page.getByRole('list', { name: 'Predictions' }).getByRole('listitem')).toHaveCount(
    5,
  );

  // A link to a section opens it; back returns to the previous one.
  await page.goto(`${page.url().split('#')[0]}#checkpoints`);
  await expect(page.getByRole('heading', { name: 'Checkpoints', level: 2 })).toBeVisible();
  await openSection(page, 'Data');
  await page.goBack();
  await expect(page.getByRole('heading', { name: 'Checkpoints', level: 2 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Data', level: 2 })).toBeHidden();
});

test('at 390x844 every section fits the width, and the top 5 stay in view while drawing', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await trainTiny(page);
  for (const { title } of SECTIONS) {
    await openSection(page, title);
    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(widths.scroll, `${title} has no horizontal scroll`).toBeLessThanOrEqual(widths.client);
  }

  await openSection(page, 'Playground');
  const pad = drawingPad(page);
  await pad.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await drawStroke(page);
  const predictions = page.getByRole('list', { name: 'Predictions' });
  await expect(predictions.getByRole('listitem')).toHaveCount(5);
  const viewport = { width: 390, height: 844 };
  for (const [name, box] of [
    ['drawing pad', await pad.boundingBox()],
    ['top 5', await predictions.boundingBox()],
  ] as const) {
    expect(box, `${name} is laid out`).not.toBeNull();
    const { x, y, width, height } = box ?? { x: 0, y: 0, width: 0, height: 0 };
    expect(x, `${name} starts inside the screen`).toBeGreaterThanOrEqual(0);
    expect(y, `${name} starts inside the screen`).toBeGreaterThanOrEqual(0);
    expect(x + width, `${name} ends inside the screen`).toBeLessThanOrEqual(viewport.width);
    expect(y + height, `${name} ends inside the screen`).toBeLessThanOrEqual(viewport.height);
  }
  await page.screenshot({ path: 'e2e/screenshots/phone-playground-drawing.png' });
});

test('axe finds no serious or critical violation in any section, light and dark', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await trainTiny(page);
  const found: string[] = [];
  for (const theme of ['light', 'dark'] as const) {
    const toggle = button(page, 'Dark mode');
    if ((await toggle.getAttribute('aria-pressed')) !== String(theme === 'dark')) {
      await toggle.click();
    }
    await expect(toggle).toHaveAttribute('aria-pressed', String(theme === 'dark'));
    for (const { title } of SECTIONS) {
      await openSection(page, title);
      const { violations } = await new AxeBuilder({ page }).analyze();
      for (const v of violations) {
        if (v.impact !== 'serious' && v.impact !== 'critical') continue;
        const where = v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join('; ');
        found.push(`${theme} ${title}: ${v.id} (${v.impact}) ${v.help} at ${where}`);
      }
    }
  }
  await screenshot(page, 'axe-last-section-dark');
  expect(found).toEqual([]);
});

test('charts are named figures, not tab stops, each with its numbers in a table', async ({
  page,
}) => {
  await trainTiny(page);
  for (const name of ['Training loss', 'Validation metrics', 'Learning rate']) {
    const figure = page.getByRole('figure', { name, exact: true });
    await expect(figure).toBeVisible();
    expect(await figure.locator('[tabindex]:not([tabindex="-1"])').count(), name).toBe(0);
    await figure.getByText('Data table', { exact: true }).click();
    const table = figure.getByRole('table', { name, exact: true });
    await expect(table.getByRole('row').nth(1), `${name} lists its values`).toContainText(/\d/);
  }
});
