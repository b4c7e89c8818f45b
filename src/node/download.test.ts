import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ZippableFile, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifest } from '../engine/data/manifestSource';
import { sharedEmnistDir } from '../testing/sharedDatasets';
import { buildEmnist } from './buildEmnist';
import { cachePath, downloadToCache } from './download';
import { FileDatasetSource } from './fileDatasetSource';
import { zipTruncation } from './zipComplete';

/** Serves `body` at /gzip.zip on 127.0.0.1 (404 elsewhere) and counts the downloads. */
async function serve(
  body: Uint8Array,
): Promise<{ server: Server; url: string; hits: () => number }> {
  let hits = 0;
  const server = createServer((req, res) => {
    if (req.url !== '/gzip.zip') {
      res.writeHead(404).end('not here');
      return;
    }
    hits++;
    res
      .writeHead(200, { 'content-length': body.length, 'content-type': 'application/zip' })
      .end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/gzip.zip`, hits: () => hits };
}

const shared = sharedEmnistDir();
const temps: string[] = [];
const tempDir = async (prefix: string) => {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
};
afterAll(() => Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true }))));

describe.skipIf(shared === null)('EMNIST download', () => {
  let site: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    const dir = shared as string;
    const entry = (name: string): [string, ZippableFile] => [
      name,
      [new Uint8Array(readFileSync(join(dir, name))), { level: 0 }],
    ];
    // Laid out like NIST's gzip.zip, entries stored (the .gz files are compressed already).
    const zip = zipSync({
      gzip: Object.fromEntries([
        entry('emnist-byclass-test-images-idx3-ubyte.gz'),
        entry('emnist-byclass-test-labels-idx1-ubyte.gz'),
        entry('emnist-byclass-mapping.txt'),
      ]),
    });
    site = await serve(zip);
  });
  afterAll(() => new Promise<void>((resolve) => site.server.close(() => resolve())));

  it('downloads gzip.zip once into the cache and builds EMNIST from it', async () => {
    const cache = await tempDir('inklab-cache-');
    const out = await tempDir('inklab-out-');
    const path = await downloadToCache(site.url, cache, 'EMNIST');
    expect(await downloadToCache(site.url, cache, 'EMNIST')).toBe(path);
    expect(site.hits()).toBe(1);
    const entry = await buildEmnist(out, path, { balance: false, seed: 42 }, () => {});
    expect([entry.splits.train.count, entry.splits.val?.count, entry.splits.test.count]).toEqual([
      69_793, 23_264, 23_266,
    ]);
    expect(entry.balanced).toBe(false);
    const manifest = await loadManifest(new FileDatasetSource(out));
    expect(manifest.datasets.map((d) => d.name)).toEqual(['EMNIST']);
  });

  it('says what failed when the server answers with an error', async () => {
    const cache = await tempDir('inklab-cache-');
    await expect(
      downloadToCache(site.url.replace('gzip.zip', 'missing.zip'), cache, 'EMNIST'),
    ).rejects.toThrow(
      /Could not download http:\/\/127\.0\.0\.1:\d+\/missing\.zip\..*--emnist path\/to\/gzip\.zip.*HTTP 404/,
    );
  });
});

describe('EMNIST download offline', () => {
  it('explains that the download failed and how to import the file by hand', async () => {
    // A port that was just free: nothing listens there.
    const { server, url } = await serve(new Uint8Array(0));
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const cache = await tempDir('inklab-cache-');
    await expect(downloadToCache(url, cache, 'EMNIST')).rejects.toThrow(
      /Could not download .*Check the internet connection.*npm run datasets -- --emnist path\/to\/gzip\.zip.*ECONNREFUSED/,
    );
  });
});

/**
 * Answers every request with the first `sent()` bytes of `body` and then closes the connection,
 * without Content-Length or chunking: the end of the connection is the end of the body, so a
 * cut reads as a complete response.
 */
async function serveWithoutLength(body: Uint8Array, sent: () => number) {
  let hits = 0;
  const server = createTcpServer((socket) => {
    socket.once('data', () => {
      hits++;
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nConnection: close\r\n\r\n');
      socket.end(body.subarray(0, sent()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/gzip.zip`, hits: () => hits };
}

describe('a download cut short without Content-Length', () => {
  const zip = zipSync({
    'gzip/emnist-byclass-mapping.txt': [new Uint8Array(50_000).fill(65), { level: 0 }],
  });
  let sent = zip.length;
  let site: Awaited<ReturnType<typeof serveWithoutLength>>;
  beforeAll(async () => {
    site = await serveWithoutLength(zip, () => sent);
  });
  afterAll(() => new Promise<void>((resolve) => site.server.close(() => resolve())));

  it('is discarded, with a message saying what to do, and a full one is kept', async () => {
    const cache = await tempDir('inklab-cache-');
    sent = Math.floor(zip.length / 2);
    await expect(downloadToCache(site.url, cache, 'EMNIST', zipTruncation)).rejects.toThrow(
      `is incomplete: it ends after ${sent} bytes without a zip file's closing record, so it was cut short. ` +
        'The partial file was discarded: run the same command again, or download gzip.zip',
    );
    expect(readdirSync(cache)).toEqual([]);
    sent = zip.length;
    const path = await downloadToCache(site.url, cache, 'EMNIST', zipTruncation);
    expect(new Uint8Array(readFileSync(path))).toEqual(zip);
    expect(readdirSync(cache)).toEqual([path.split('/').at(-1)]);
  });

  it('replaces a short file an older version cached as complete', async () => {
    const cache = await tempDir('inklab-cache-');
    await mkdir(cache, { recursive: true });
    const path = cachePath(site.url, cache);
    writeFileSync(path, zip.subarray(0, 1000));
    const before = site.hits();
    sent = zip.length;
    expect(await downloadToCache(site.url, cache, 'EMNIST', zipTruncation)).toBe(path);
    expect(site.hits()).toBe(before + 1);
    expect(new Uint8Array(readFileSync(path))).toEqual(zip);
  });
});
