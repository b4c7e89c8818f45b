/** How the e2e tests and the browser benchmark launch Debian's Chromium. */

/** Flags that work headless as root (see ../shared/reference/environment.md). */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Without it, navigator.gpu exists but requestAdapter() returns null. */
export const webgpuFlag = '--enable-unsafe-webgpu';

/** Playwright's own browser download fails offline; Debian's chromium is used instead. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
