import { expect, type Locator, type Page, test } from '@playwright/test';
import { button, screenshot, waitForBackend } from './studio';

/** The pixels of each canvas in the row, as data URLs. */
async function row(page: Page, which: 'before' | 'after'): Promise<string[]> {
  const canvases: Locator = page
    .getByRole('figure', { name: 'MNIST training images before and after augmentation' })
    .getByRole('img', { name: new RegExp(`\\) ${which} augmentation$`) });
  await expect(canvases).toHaveCount(8);
  return canvases.evaluateAll((list) => list.map((c) => (c as HTMLCanvasElement).toDataURL()));
}

test('the Data panel shows training images before and after augmentation, and draws again on request', async ({
  page,
}) => {
  await page.goto('/#data');
  await waitForBackend(page);
  const section = page.getByRole('region', { name: 'Augmentation' });
  await section.scrollIntoViewIfNeeded();
  const before = await row(page, 'before');
  const after = await row(page, 'after');
  expect(new Set(before).size).toBe(8);
  for (const [i, image] of after.entries()) expect(image).not.toBe(before[i]);
  await screenshot(page, '19-augment-preview');
  await page.setViewportSize({ width: 390, height: 844 });
  await section.scrollIntoViewIfNeeded();
  await screenshot(page, '19-augment-preview-phone');
  await page.setViewportSize({ width: 1280, height: 900 });

  // Another draw moves the images again; the originals stay.
  await button(section, 'Draw again').click();
  await expect.poll(() => row(page, 'after')).not.toEqual(after);
  expect(await row(page, 'before')).toEqual(before);

  // With every bound at zero nothing changes.
  for (const label of [
    'Most rotation (degrees)',
    'Most shear (degrees)',
    'Most size change (fraction)',
    'Most shift (fraction of the side)',
    'Chance of thicker or thinner strokes',
  ])
    await section.getByLabel(label).fill('0');
  await button(section, 'Draw again').click();
  await expect.poll(() => row(page, 'after')).toEqual(before);
});
