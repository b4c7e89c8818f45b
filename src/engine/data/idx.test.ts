import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { datasetRefusal } from '../../testing/datasetRefusal';
import { DecompressionLimitError } from './datasetFileError';
import { encodeIdx, idxImageDims, idxLabelDims, parseIdx } from './idx';

const dims = [3, 2, 4];
const accepted = idxImageDims(3, 2, 4);
const data = Uint8Array.from({ length: 24 }, (_, i) => (i * 37) % 256);

describe('IDX', () => {
  it('round-trips raw and gzipped files', () => {
    const raw = encodeIdx(dims, data);
    expect(Array.from(raw.subarray(0, 8))).toEqual([0, 0, 8, 3, 0, 0, 0, 3]);
    for (const bytes of [raw, gzipSync(raw)]) {
      const parsed = parseIdx(bytes, 'x.idx', accepted);
      expect(parsed.dims).toEqual(dims);
      expect(parsed.data).toEqual(data);
    }
  });

  it('reports a truncated file with expected and found sizes', () => {
    const raw = encodeIdx(dims, data);
    const error = datasetRefusal(() =>
      parseIdx(raw.subarray(0, raw.length - 5), 'cut.idx', accepted),
    );
    expect(error.message).toMatch(/cut\.idx is truncated: .*need 24 data bytes, found 19/);
    expect([error.file, error.field]).toEqual(['cut.idx', 'data']);
  });

  it('reports trailing bytes', () => {
    const raw = encodeIdx(dims, data);
    const longer = new Uint8Array(raw.length + 3);
    longer.set(raw);
    expect(() => parseIdx(longer, 'long.idx', accepted)).toThrow(/long\.idx has 3 trailing bytes/);
  });

  it('reports a wrong magic with what was found and expected', () => {
    const raw = encodeIdx(dims, data);
    raw[2] = 0x0d;
    expect(() => parseIdx(raw, 'float.idx', accepted)).toThrow(
      /float\.idx has the wrong magic number: found 0x00 0x00 0x0d, expected 0x00 0x00 0x08/,
    );
    expect(() =>
      parseIdx(new TextEncoder().encode('<html>oops</html>'), 'page.html', accepted),
    ).toThrow(/found 0x3c 0x68 0x74/);
  });

  it('reports headers that are too short or of the wrong rank', () => {
    expect(() => parseIdx(new Uint8Array([0, 0]), 'tiny', accepted)).toThrow(
      /tiny is too short for its IDX header: 2 bytes, need 16/,
    );
    expect(() => parseIdx(new Uint8Array([0, 0, 8, 3, 0, 0, 0, 1]), 'hdr', accepted)).toThrow(
      /hdr is too short for its IDX header: 8 bytes, need 16/,
    );
    const rank = datasetRefusal(() => parseIdx(encodeIdx([24], data), 'flat.idx', accepted));
    expect(rank.field).toBe('rank');
  });

  it('refuses an empty set and sizes over the declared maximum, naming the field', () => {
    const empty = datasetRefusal(() =>
      parseIdx(encodeIdx([0], new Uint8Array(0)), 'none.idx', idxLabelDims(5)),
    );
    expect([empty.file, empty.field]).toEqual(['none.idx', 'count']);
    expect(empty.message).toMatch(/declares count 0 in its header, expected 1 to 5/);
    const wide = datasetRefusal(() =>
      parseIdx(encodeIdx(dims, data), 'wide.idx', idxImageDims(3, 2, 3)),
    );
    expect(wide.field).toBe('cols');
  });

  it('stops inflating a gzipped file at the size its header justifies', () => {
    // The header says 3x2x4 values (up to 10x2x4 accepted), the stream holds a megabyte more.
    const raw = new Uint8Array(16 + 24 + 1e6);
    raw.set(encodeIdx(dims, data));
    const error = datasetRefusal(() => parseIdx(gzipSync(raw), 'bomb.gz', idxImageDims(10, 2, 4)));
    expect(error).toBeInstanceOf(DecompressionLimitError);
    expect((error as DecompressionLimitError).limitBytes).toBe(40);
    expect(error.field).toBe('IDX header dims');
  });

  it('reports gzip data that cannot be inflated', () => {
    const gz = gzipSync(encodeIdx(dims, data));
    const error = datasetRefusal(() => parseIdx(gz.subarray(0, 12), 'bad.gz', accepted));
    expect(error.message).toMatch(/bad\.gz is not a valid gzip file/);
  });

  it('refuses to encode data that does not fit the dims', () => {
    expect(() => encodeIdx([2, 2], new Uint8Array(3))).toThrow(/4 values but data has 3/);
  });
});
