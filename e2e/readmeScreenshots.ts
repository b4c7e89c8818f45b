/**
 * The README's screenshots, taken from the real studio: a production build served by
 * `vite preview`, Debian's Chromium, a Quick look run on wasm, then the Playground with a drawn
 * digit. `npm run screenshots` rewrites e2e/readme/*.png.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, expect } from '@playwright/test';
import { chromiumArgs, chromiumPath, webgpuFlag } from './chromium';
import { serveBuild } from './servedBuild';
import { button, drawStroke, waitForTestMetrics } from './studio';

const root = fileURLToPath(new URL('..', import.meta.url));
const shots = `${root}e2e/readme`;

async function main(): Promise<void> {
  const served = await serveBuild('.cache/readme-dist');
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [...chromiumArgs, webgpuFlag],
  });
  try {
    const page = await browser.newPage({
      viewport: { width: 1280, height: 860 },
      colorScheme: 'light',
    });
    await page.goto(`${served.base}/?backend=wasm#train`);
    await button(page, 'Quick look').click();
    await button(page, 'Train').click();
    await waitForTestMetrics(page);
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: `${shots}/train.png` });
    await page.getByRole('link', { name: 'Try it in the Playground' }).click();
    await drawStroke(page);
    await expect(page.getByRole('list', { name: 'Predictions' }).getByRole('listitem')).toHaveCount(
      5,
    );
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${shots}/playground.png` });
    console.log(`Wrote ${shots}/train.png and ${shots}/playground.png`);
  } finally {
    await browser.close();
    await served.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
