/**
 * Downloads a file once into a cache folder. The file is written under a temporary name and
 * renamed when complete, so an interrupted download is never mistaken for a finished one.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { byteProgress } from './progress';

export const DEFAULT_EMNIST_URL = 'https://biometrics.nist.gov/cs_links/EMNIST/gzip.zip';

/** The cache path for `url`: its base name behind a hash of the URL, so URLs never collide. */
export function cachePath(url: string, cacheDir: string): string {
  const hash = createHash('sha256').update(url).digest('hex').slice(0, 12);
  return join(cacheDir, `${hash}-${basename(new URL(url).pathname) || 'download'}`);
}

async function open(url: string): Promise<Response> {
  const offline =
    `Could not download ${url}. Check the internet connection (or --emnist-url), or download ` +
    'gzip.zip from https://www.nist.gov/itl/products-and-services/emnist-dataset yourself and ' +
    'run `npm run datasets -- --emnist path/to/gzip.zip`.';
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause;
    throw new Error(`${offline} (${cause?.message ?? (error as Error).message})`);
  }
  if (!response.ok || !response.body) {
    throw new Error(
      `${offline} (the server answered HTTP ${response.status} ${response.statusText})`,
    );
  }
  return response;
}

/** The cached file for `url`, downloading it first (with progress on stderr) when absent. */
export async function downloadToCache(
  url: string,
  cacheDir: string,
  label: string,
): Promise<string> {
  const path = cachePath(url, cacheDir);
  if (
    await stat(path).then(
      (s) => s.isFile(),
      () => false,
    )
  )
    return path;
  await mkdir(cacheDir, { recursive: true });
  const response = await open(url);
  const length = Number(response.headers.get('content-length'));
  const total = Number.isFinite(length) && length > 0 ? length : null;
  const progress = byteProgress(`${label}: downloading ${url}`, total);
  const temp = `${path}.part`;
  const out = createWriteStream(temp);
  let done = 0;
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
      done += chunk.length;
      progress.update(done);
    }
    await new Promise<void>((resolve, reject) =>
      out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  } catch (error) {
    out.destroy();
    await rm(temp, { force: true });
    throw new Error(
      `Downloading ${url} failed after ${done} bytes: ${(error as Error).message}. Run the command again.`,
    );
  } finally {
    progress.finish();
  }
  if (total !== null && done !== total) {
    await rm(temp, { force: true });
    throw new Error(
      `Downloading ${url} stopped at ${done} of ${total} bytes. Run the command again.`,
    );
  }
  await rename(temp, path);
  return path;
}
