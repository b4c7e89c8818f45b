import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileDatasetSource } from './fileDatasetSource';

describe('FileDatasetSource', () => {
  const root = mkdtempSync(join(tmpdir(), 'inklab-src-'));
  writeFileSync(join(root, 'a.bin'), Uint8Array.from([1, 2, 3]));
  const source = new FileDatasetSource(root);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reads files relative to its root as plain Uint8Arrays', async () => {
    const bytes = await source.read('a.bin');
    expect(Array.from(bytes)).toEqual([1, 2, 3]);
    expect(source.describe('a.bin')).toBe(join(root, 'a.bin'));
  });

  it('says which file is missing and how to build it', async () => {
    await expect(source.read('mnist/x.gz')).rejects.toThrow(
      new RegExp(
        `Dataset file ${join(root, 'mnist/x.gz')} does not exist\\. Build the datasets with \`npm run datasets\``,
      ),
    );
  });

  it('refuses a file of another size than expected, or not a regular file, unread', async () => {
    await expect(source.read('a.bin', 3)).resolves.toHaveLength(3);
    await expect(source.read('a.bin', 4)).rejects.toThrow(
      /a\.bin is 3 bytes, the manifest lists 4: it is corrupt or from another build/,
    );
    mkdirSync(join(root, 'dir.gz'));
    await expect(source.read('dir.gz')).rejects.toMatchObject({ field: 'type' });
  });

  it('refuses paths that leave the root', async () => {
    await expect(source.read('../etc/passwd')).rejects.toThrow(
      /must be relative to .* and stay inside it/,
    );
    expect(() => source.describe('/etc/passwd')).toThrow(/must be relative/);
  });
});
