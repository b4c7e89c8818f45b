import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAtomicFile, removeStaleTempFiles, tempPathFor, writeFileAtomic } from './atomicFile';

const tempDir = () => mkdtempSync(join(tmpdir(), 'inklab-atomic-'));

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('atomic files', () => {
  it('writes the whole file under its name and leaves no temporary file', async () => {
    const dir = tempDir();
    const path = join(dir, 'sub', 'a.bin');
    await writeFileAtomic(path, new Uint8Array([1, 2, 3]));
    await writeFileAtomic(path, 'replaced');
    expect(readFileSync(path, 'utf8')).toBe('replaced');
    expect(readdirSync(join(dir, 'sub'))).toEqual(['a.bin']);
  });

  it('keeps the old file until commit, and entirely when aborted', async () => {
    const dir = tempDir();
    const path = join(dir, 'a.ckpt');
    writeFileSync(path, 'old');
    const file = await openAtomicFile(path);
    await file.write('new, ');
    await file.write('in two chunks');
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(readFileSync(file.tempPath, 'utf8')).toBe('new, in two chunks');
    expect(file.bytesWritten).toBe(18);
    await file.commit();
    expect(readFileSync(path, 'utf8')).toBe('new, in two chunks');
    const aborted = await openAtomicFile(path);
    await aborted.write('never seen');
    await aborted.abort();
    expect(readFileSync(path, 'utf8')).toBe('new, in two chunks');
    expect(readdirSync(dir)).toEqual(['a.ckpt']);
  });

  it('removes the temporary files of dead writers only, down to the given depth', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'run', 'deeper', 'deepest'), { recursive: true });
    const dead = deadPid();
    const stale = (path: string) => tempPathFor(path).replace(`.${process.pid}-`, `.${dead}-`);
    const staleFile = stale(join(dir, 'run', 'epoch=0001.ckpt'));
    const staleFolder = stale(join(dir, 'export'));
    const tooDeep = stale(join(dir, 'run', 'deeper', 'deepest', 'x.bin'));
    const live = tempPathFor(join(dir, 'run', 'epoch=0002.ckpt'));
    const lookalike = join(dir, 'run', 'notes.1234.tmp');
    for (const path of [staleFile, tooDeep, live, lookalike]) writeFileSync(path, 'x');
    mkdirSync(staleFolder);
    writeFileSync(join(staleFolder, 'model.json'), '{}');

    expect((await removeStaleTempFiles(dir)).sort()).toEqual([staleFolder, staleFile].sort());
    for (const path of [tooDeep, live, lookalike]) expect(existsSync(path), path).toBe(true);
    expect(existsSync(staleFile) || existsSync(staleFolder)).toBe(false);
    expect(await removeStaleTempFiles(join(dir, 'missing'))).toEqual([]);
  });
});
