/**
 * The README's screenshots, taken from the real studio: a production build served by
 * `vite preview`, Debian's Chromium, a Quick look run on wasm, then the Playground with a drawn
 * digit. `npm run screenshots` rewrites e2e/readme/*.png.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, expect } from '@playwright/test';
import { build, preview } from 'vite';
import { chromiumArgs, chromiumPath, webgpuFlag } from './chromium';
import { freePort } from './freePort';
import { button, drawStroke, waitForTestMetrics } from './studio';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = `${root}.cache/readme-dist`;
const shots = `${root}e2e/readme`;

async function main(): Promise<void> {
  const configFile = `${root}vite.config.ts`;
  await build({ root, configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const port = await freePort();
  const server = await preview({
    root,
    configFile,
    logLevel: 'warn',
    build: { outDir },
    preview: { port, strictPort: true, host: '127.0.0.1' },
  });
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [...chromiumArgs, webgpuFlag],
  });
  try {
    const page = await browser.newPage({
      viewport: { width: 1280, height: 860 },
      colorScheme: 'light',
    });
    await page.goto(`http://127.0.0.1:${port}/?backend=wasm#train`);
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
    await server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
