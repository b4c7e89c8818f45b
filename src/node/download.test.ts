import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ZippableFile, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifest } from '../engine/data/manifestSource';
import { sharedEmnistDir } from '../testing/sharedDatasets';
import { buildEmnist } from './buildEmnist';
import { downloadToCache } from './download';
import { FileDatasetSource } from './fileDatasetSource';

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
