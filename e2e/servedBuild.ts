/**
 * A production build of the studio served by `vite preview` (with vite.config.ts as it is: same
 * minifier, same worker format, the COOP/COEP headers) on a free port, for scripts that drive it
 * in Chromium: the browser bench and the README's screenshots.
 */
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface ServedBuild {
  base: string;
  close(): Promise<void>;
}

/** Builds into `outDir` (relative to the repository), with `input` as extra pages if given. */
export async function serveBuild(
  outDir: string,
  input?: Record<string, string>,
): Promise<ServedBuild> {
  const configFile = `${root}vite.config.ts`;
  const out = `${root}${outDir}`;
  await build({
    root,
    configFile,
    logLevel: 'warn',
    build: {
      outDir: out,
      emptyOutDir: true,
      ...(input
        ? {
            rolldownOptions: {
              input: Object.fromEntries(Object.entries(input).map(([k, v]) => [k, `${root}${v}`])),
            },
          }
        : {}),
    },
  });
  const port = await freePort();
  const server = await preview({
    root,
    configFile,
    logLevel: 'warn',
    build: { outDir: out },
    preview: { port, strictPort: true, host: '127.0.0.1' },
  });
  return { base: `http://127.0.0.1:${port}`, close: () => server.close() };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
