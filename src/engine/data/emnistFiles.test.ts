import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { syntheticEmnistPair } from '../../testing/emnistTestData';
import { buildEmnistSplits } from './emnistBuild';
import { matchEmnistFiles, readEmnistZip } from './emnistFiles';

const test = syntheticEmnistPair('test', [0, 1, 2, 3, 4]);
const train = syntheticEmnistPair('train', [5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);

describe('readEmnistZip', () => {
  it('reads the byclass entries of a NIST-style gzip.zip and skips the rest', () => {
    const zip = zipSync({
      gzip: {
        [test.images.name]: test.images.bytes,
        [test.labels.name]: test.labels.bytes,
        [train.images.name]: train.images.bytes,
        [train.labels.name]: train.labels.bytes,
        'emnist-letters-test-labels-idx1-ubyte.gz': strToU8('not read'),
      },
    });
    const files = readEmnistZip(zip, 'gzip.zip');
    expect(files.test.images.name).toBe(`gzip/${test.images.name}`);
    expect(files.test.images.bytes).toEqual(test.images.bytes);
    expect(files.train?.labels.bytes).toEqual(train.labels.bytes);
    const splits = buildEmnistSplits(files, { balance: false, seed: 1 });
    expect([splits.train.count, splits.val.count, splits.test.count]).toEqual([8, 2, 5]);
  });

  it('accepts a zip with only the test split', () => {
    const zip = zipSync({
      gzip: { [test.images.name]: test.images.bytes, [test.labels.name]: test.labels.bytes },
    });
    expect(readEmnistZip(zip, 'small.zip').train).toBeUndefined();
  });

  it('lists what was expected and what was found when the entries are missing', () => {
    const zip = zipSync({
      gzip: { 'emnist-letters-train-images-idx3-ubyte.gz': strToU8('x') },
      'README.txt': strToU8('hi'),
    });
    expect(() => readEmnistZip(zip, 'wrong.zip')).toThrow(
      /wrong\.zip does not hold the EMNIST ByClass files\. Expected: gzip\/emnist-byclass-test-images-idx3-ubyte\.gz.*Found: gzip\/emnist-letters-train-images-idx3-ubyte\.gz, README\.txt/,
    );
  });

  it('says when the bytes are not a zip at all', () => {
    expect(() => readEmnistZip(strToU8('<html>404</html>'), 'page.zip')).toThrow(
      /page\.zip is not a readable zip file: no end-of-central-directory record was found/,
    );
  });
});

describe('matchEmnistFiles', () => {
  it('accepts raw or gzipped names in a folder listing', () => {
    const roles = matchEmnistFiles(
      [
        'emnist-byclass-test-images-idx3-ubyte',
        'emnist-byclass-test-labels-idx1-ubyte.gz',
        'notes.md',
      ],
      'dir',
    );
    expect(roles.get('test-images')).toBe('emnist-byclass-test-images-idx3-ubyte');
  });

  it('rejects half a train pair and duplicate files', () => {
    const testNames = [
      'emnist-byclass-test-images-idx3-ubyte.gz',
      'emnist-byclass-test-labels-idx1-ubyte.gz',
    ];
    expect(() =>
      matchEmnistFiles([...testNames, 'emnist-byclass-train-images-idx3-ubyte.gz'], 'dir'),
    ).toThrow(/dir does not hold the EMNIST ByClass files/);
    expect(() =>
      matchEmnistFiles([...testNames, 'emnist-byclass-test-images-idx3-ubyte'], 'dir'),
    ).toThrow(/two files for the EMNIST test-images file/);
  });
});
