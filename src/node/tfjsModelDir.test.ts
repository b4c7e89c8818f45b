import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ExportFolderError, exportFolderProblem as problemOf } from './exportDir';
import { TFJS_EXPORT, writeTfjsModelDir } from './tfjsModelDir';

const exportFolderProblem = (dir: string, overwrite: boolean) =>
  problemOf(dir, overwrite, TFJS_EXPORT);

/** The files of an export as the CLI writes them (the metadata names its run and checkpoint). */
const exportFiles = (run: string, modelTopology: unknown = {}) => ({
  modelJson: {
    modelTopology,
    weightsManifest: [],
    userDefinedMetadata: { run, checkpoint: `${run}/epoch=0000.ckpt`, mapping: ['0', '1'] },
  } as unknown as tf.io.ModelJSON,
  weightsBin: new Uint8Array([1, 2, 3, 4]),
});

describe('tfjs model folders', () => {
  it('tells earlier Inklab exports from folders it must not replace', async () => {
    const base = mkdtempSync(join(tmpdir(), 'inklab-export-'));
    expect(await exportFolderProblem(join(base, 'new'), false)).toBeUndefined();
    mkdirSync(join(base, 'empty'));
    expect(await exportFolderProblem(join(base, 'empty'), false)).toBeUndefined();
    await writeTfjsModelDir(join(base, 'ours'), exportFiles('run-a'));
    expect(await exportFolderProblem(join(base, 'ours'), false)).toBeUndefined();
    mkdirSync(join(base, 'theirs'));
    writeFileSync(join(base, 'theirs', 'model.json'), '{"modelTopology": {}}');
    expect(await exportFolderProblem(join(base, 'theirs'), false)).toBe(
      `${join(base, 'theirs')} is not empty and is not an earlier Inklab export (it holds model.json); ` +
        'choose an empty or new folder, or add --overwrite to replace everything in it',
    );
    expect(await exportFolderProblem(join(base, 'theirs'), true)).toBeUndefined();
    writeFileSync(join(base, 'a-file'), 'x');
    expect(await exportFolderProblem(join(base, 'a-file'), true)).toBe(
      `${join(base, 'a-file')} is not a folder; give a folder's path`,
    );
    await expect(writeTfjsModelDir(join(base, 'theirs'), exportFiles('run-b'))).rejects.toThrow(
      ExportFolderError,
    );
    expect(readFileSync(join(base, 'theirs', 'model.json'), 'utf8')).toBe('{"modelTopology": {}}');
  });

  it('replaces an export whole, and leaves it as it was when writing fails', async () => {
    const base = mkdtempSync(join(tmpdir(), 'inklab-export-'));
    const dir = join(base, 'model');
    await writeTfjsModelDir(dir, exportFiles('run-a'));
    const before = readFileSync(join(dir, 'model.json'), 'utf8');
    // A topology JSON cannot hold (a BigInt) fails the write after the staging folder exists.
    await expect(writeTfjsModelDir(dir, exportFiles('run-b', { units: 1n }))).rejects.toThrow(
      /BigInt/,
    );
    expect(readFileSync(join(dir, 'model.json'), 'utf8')).toBe(before);
    expect(readdirSync(base)).toEqual(['model']);
    await writeTfjsModelDir(dir, exportFiles('run-b'));
    expect(JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')).userDefinedMetadata.run).toBe(
      'run-b',
    );
    expect(readdirSync(dir).sort()).toEqual(['model.json', 'weights.bin']);
    expect(readdirSync(base)).toEqual(['model']);
  });
});
