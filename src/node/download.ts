/**
 * Downloads a file once into a cache folder, through the atomic writer: an interrupted or
 * short download is discarded, never mistaken for a finished one.
 */
import { createHash } from 'node:crypto';
import { rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { openAtomicFile } from './atomicFile';
import { byteProgress, log } from './progress';

export const DEFAULT_EMNIST_URL = 'https://biometrics.nist.gov/cs_links/EMNIST/gzip.zip';

/** The cache path for `url`: its base name behind a hash of the URL, so URLs never collide. */
export function cachePath(url: string, cacheDir: string): string {
  const hash = createHash('sha256').update(url).digest('hex').slice(0, 12);
  return join(cacheDir, `${hash}-${basename(new URL(url).pathname) || 'download'}`);
}

const BY_HAND =
  'download gzip.zip from https://www.nist.gov/itl/products-and-services/emnist-dataset ' +
  'yourself and run `npm run datasets -- --emnist path/to/gzip.zip`.';

/** Why a finished download is incomplete (its own format tells), or undefined. */
export type CompletenessCheck = (path: string) => Promise<string | undefined>;

async function open(url: string): Promise<Response> {
  const offline = `Could not download ${url}. Check the internet connection (or --emnist-url), or ${BY_HAND}`;
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

/**
 * The cached file for `url`, downloading it first (with progress on stderr) when absent. A
 * download is complete when it has the Content-Length's bytes and passes `isComplete`; a cached
 * file that fails `isComplete` (cached by an older version) is downloaded again.
 */
export async function downloadToCache(
  url: string,
  cacheDir: string,
  label: string,
  isComplete: CompletenessCheck = async () => undefined,
): Promise<string> {
  const path = cachePath(url, cacheDir);
  if (
    await stat(path).then(
      (s) => s.isFile(),
      () => false,
    )
  ) {
    const problem = await isComplete(path);
    if (problem === undefined) return path;
    log(`${label}: the cached ${path} is incomplete (${problem}); downloading it again.`);
    await rm(path);
  }
  const response = await open(url);
  const length = Number(response.headers.get('content-length'));
  const total = Number.isFinite(length) && length > 0 ? length : null;
  const progress = byteProgress(`${label}: downloading ${url}`, total);
  const file = await openAtomicFile(path);
  const retry = `The partial file was discarded: run the same command again, or ${BY_HAND}`;
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      await file.write(chunk);
      progress.update(file.bytesWritten);
    }
  } catch (error) {
    await file.abort();
    throw new Error(
      `Downloading ${url} failed after ${file.bytesWritten} bytes: ${(error as Error).message}. ${retry}`,
    );
  } finally {
    progress.finish();
  }
  const short =
    total !== null && file.bytesWritten !== total
      ? `stopped at ${file.bytesWritten} of ${total} bytes`
      : await isComplete(file.tempPath).then((problem) => problem && `is incomplete: ${problem}`);
  if (short) {
    await file.abort();
    throw new Error(`Downloading ${url} ${short}. ${retry}`);
  }
  await file.commit();
  return path;
}
