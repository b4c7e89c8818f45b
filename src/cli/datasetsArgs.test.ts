import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OUT_DIR, parseDatasetsArgs } from './datasetsArgs';

describe('parseDatasetsArgs', () => {
  it('has the documented defaults', () => {
    expect(parseDatasetsArgs([])).toMatchObject({
      outDir: DEFAULT_OUT_DIR,
      emnist: null,
      balance: true,
      seed: 42,
    });
  });

  it('reads every flag', () => {
    expect(
      parseDatasetsArgs([
        '--out',
        'o',
        '--emnist-download',
        '--emnist-url',
        'http://127.0.0.1:1/g.zip',
        '--no-balance',
        '--seed',
        '7',
      ]),
    ).toMatchObject({
      outDir: 'o',
      emnistDownload: true,
      emnistUrl: 'http://127.0.0.1:1/g.zip',
      balance: false,
      seed: 7,
    });
    expect(parseDatasetsArgs(['--emnist', 'gzip.zip']).emnist).toBe('gzip.zip');
  });

  it('explains bad flags', () => {
    expect(() => parseDatasetsArgs(['--emnits', 'x'])).toThrow(/Unknown option "--emnits"/);
    expect(() => parseDatasetsArgs(['--seed', 'abc'])).toThrow(
      /--seed must be a non-negative integer, got "abc"/,
    );
    expect(() => parseDatasetsArgs(['--emnist'])).toThrow(/--emnist needs a value/);
    expect(() => parseDatasetsArgs(['--emnist', 'a', '--emnist-download'])).toThrow(
      /either --emnist PATH or --emnist-download/,
    );
    expect(() => parseDatasetsArgs(['--emnist-url', 'http://x'])).toThrow(
      /only applies with --emnist-download/,
    );
  });
});

describe('npm run datasets', () => {
  it('exits with code 2 and the usage on a bad flag', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/datasets.ts', '--bogus'], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/error: Unknown option "--bogus"\.\n\nUsage: npm run datasets/);
  });
});
