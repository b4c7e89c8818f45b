import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadManifest } from '../engine/data/manifestSource';
import { ensureDefaults } from './buildDefaults';
import { FileDatasetSource } from './fileDatasetSource';

describe('ensureDefaults', () => {
  const out = mkdtempSync(join(tmpdir(), 'inklab-ds-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('builds MNIST and Brown once, then only rebuilds what changed on disk', async () => {
    const lines: string[] = [];
    expect(await ensureDefaults(out, 'size', (l) => lines.push(l))).toEqual(['MNIST', 'Brown']);
    const manifest = await loadManifest(new FileDatasetSource(out));
    expect(
      manifest.datasets.map((d) => [d.name, d.splits.train.count, d.splits.test.count]),
    ).toEqual([['MNIST', 60_000, 10_000]]);
    expect(manifest.corpora[0].sentences).toBeGreaterThan(40_000);
    expect(lines.some((l) => l.startsWith('MNIST:'))).toBe(true);

    const trainImages = join(out, 'mnist/train-images-idx3-ubyte.gz');
    const mtime = statSync(trainImages).mtimeMs;
    expect(await ensureDefaults(out, 'size', () => {})).toEqual([]);
    expect(statSync(trainImages).mtimeMs).toBe(mtime);

    // Same size, other contents: only the checksum check notices.
    const sentences = join(out, 'brown/sentences.txt');
    writeFileSync(sentences, readFileSync(sentences, 'utf8').replace('The', 'Teh'));
    expect(await ensureDefaults(out, 'size', () => {})).toEqual([]);
    expect(await ensureDefaults(out, 'sha256', () => {})).toEqual(['Brown']);
    expect(readFileSync(sentences, 'utf8').startsWith('The Fulton')).toBe(true);

    writeFileSync(join(out, 'manifest.json'), '{ broken');
    const warnings: string[] = [];
    expect(await ensureDefaults(out, 'size', (l) => warnings.push(l))).toEqual(['MNIST', 'Brown']);
    expect(warnings[0]).toMatch(/^warning: .*manifest\.json is not a valid dataset manifest/);
  });
});
