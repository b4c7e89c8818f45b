/**
 * Every text an element showed, however briefly: a MutationObserver in the page records each
 * change, so a state shorter than a Playwright poll (e.g. "Pausing…") is still seen, and the
 * page's main thread is not walked by polling queries meanwhile.
 */
import type { Page } from '@playwright/test';

declare global {
  interface Window {
    __seenTexts?: Record<string, string[]>;
  }
}

/** Starts recording the texts of the first element matching each selector, by `name`. */
export async function recordTexts(page: Page, selectors: Record<string, string>): Promise<void> {
  await page.evaluate((watched) => {
    const seen: Record<string, string[]> = Object.fromEntries(
      Object.keys(watched).map((name) => [name, []]),
    );
    window.__seenTexts = seen;
    const read = () => {
      for (const [name, selector] of Object.entries(watched)) {
        const text = document.querySelector(selector)?.textContent?.trim() ?? '';
        const texts = seen[name];
        if (texts.at(-1) !== text) texts.push(text);
      }
    };
    read();
    new MutationObserver(read).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  }, selectors);
}

/** The texts `name`'s element has shown since recordTexts, in order, without repeats. */
export async function seenTexts(page: Page, name: string): Promise<string[]> {
  return page.evaluate((key) => window.__seenTexts?.[key] ?? [], name);
}
