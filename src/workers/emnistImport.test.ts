import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DecompressionLimitError } from '../engine/data/datasetFileError';
import { maxEmnistFileBytes } from '../engine/data/emnistBuild';
import { idxImageDims, parseIdx } from '../engine/data/idx';
import { datasetRefusal } from '../testing/datasetRefusal';
import { syntheticEmnistPair } from '../testing/emnistTestData';
import { buildImportedEmnist, emnistSourceFromUpload, MAX_EMNIST_FILE_BYTES } from './emnistImport';

const test = syntheticEmnistPair(
  'test',
  Array.from({ length: 20 }, (_, i) => i % 5),
);
const train = syntheticEmnistPair(
  'train',
  Array.from({ length: 30 }, (_, i) => i % 6),
);
const files = (...pairs: (typeof test)[]) => pairs.flatMap((p) => [p.images, p.labels]);

describe('emnistSourceFromUpload', () => {
  it('accepts the two test files, all four files, or the zip', () => {
    expect(emnistSourceFromUpload(files(test)).train).toBeUndefined();
    expect(emnistSourceFromUpload(files(test, train)).train?.images.name).toBe(train.images.name);
    const zip = zipSync({ gzip: Object.fromEntries(files(test).map((f) => [f.name, f.bytes])) });
    expect(emnistSourceFromUpload([{ name: 'gzip.zip', bytes: zip }]).test.labels.bytes).toEqual(
      test.labels.bytes,
    );
  });

  it('rejects missing, empty, oversized or mixed inputs with what to pick', () => {
    expect(() => emnistSourceFromUpload([])).toThrow(/No files were given. Pick NIST's gzip.zip/);
    expect(() => emnistSourceFromUpload([test.images])).toThrow(
      /The chosen files does not hold the EMNIST ByClass files/,
    );
    expect(() => emnistSourceFromUpload([{ name: 'x.gz', bytes: new Uint8Array(0) }])).toThrow(
      '"x.gz" is empty.',
    );
    const huge = { name: 'gzip.zip', bytes: { length: MAX_EMNIST_FILE_BYTES + 1 } as Uint8Array };
    expect(() => emnistSourceFromUpload([huge])).toThrow(/"gzip.zip" is 800.0 MB, more than/);
    const zip = { name: 'gzip.zip', bytes: zipSync({ a: new Uint8Array(1) }) };
    expect(() => emnistSourceFromUpload([zip, test.images])).toThrow(
      /"gzip.zip" is a zip file but 2 files were chosen/,
    );
  });
});

describe('buildImportedEmnist', () => {
  it('splits and packs the files under imported/ like the CLI build', () => {
    const messages: string[] = [];
    const packed = buildImportedEmnist(files(test), (m) => messages.push(m));
    expect(packed.entry).toMatchObject({
      name: 'EMNIST',
      dir: 'imported/emnist',
      balanced: true,
      seed: 42,
    });
    const { train: t, val, test: s } = packed.entry.splits;
    // 60/20/20 of the 20 test images; balancing then caps train's classes at their mean count.
    expect([val?.count, s.count]).toEqual([4, 4]);
    expect(t.count).toBeGreaterThan(0);
    for (const path of packed.files.keys()) expect(path.startsWith('imported/emnist/')).toBe(true);
    const images = packed.files.get(t.images) as Uint8Array;
    expect(parseIdx(images, t.images, idxImageDims(t.count, 28, 28)).dims).toEqual([
      t.count,
      28,
      28,
    ]);
    expect(messages.some((m) => m.includes('decoding'))).toBe(true);
  });

  it('names the bad file when a label is outside ByClass', () => {
    const bad = syntheticEmnistPair('test', [0, 99]);
    expect(() => buildImportedEmnist(files(bad), () => {})).toThrow(
      /emnist-byclass-test-labels-idx1-ubyte.gz: label 99 at index 1 is not a ByClass label/,
    );
  });

  it('refuses an empty image set, naming the file and the field', () => {
    const empty = syntheticEmnistPair('test', []);
    const error = datasetRefusal(() => buildImportedEmnist(files(empty), () => {}));
    expect(error).toMatchObject({ file: empty.images.name, field: 'count' });
  });

  it('stops a zip bomb posing as the labels file at the most a labels file may hold', () => {
    const bomb = zipSync({
      gzip: { [test.images.name]: test.images.bytes, [test.labels.name]: new Uint8Array(20e6) },
    });
    const error = datasetRefusal(() =>
      buildImportedEmnist([{ name: 'gzip.zip', bytes: bomb }], () => {}),
    );
    expect(error).toBeInstanceOf(DecompressionLimitError);
    expect((error as DecompressionLimitError).limitBytes).toBe(maxEmnistFileBytes('labels'));
  });
});
