import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { encodeIdx, parseIdx } from './idx';

const dims = [3, 2, 4];
const data = Uint8Array.from({ length: 24 }, (_, i) => (i * 37) % 256);

describe('IDX', () => {
  it('round-trips raw and gzipped files', () => {
    const raw = encodeIdx(dims, data);
    expect(Array.from(raw.subarray(0, 8))).toEqual([0, 0, 8, 3, 0, 0, 0, 3]);
    for (const bytes of [raw, gzipSync(raw)]) {
      const parsed = parseIdx(bytes, 'x.idx');
      expect(parsed.dims).toEqual(dims);
      expect(parsed.data).toEqual(data);
    }
  });

  it('reports a truncated file with expected and found sizes', () => {
    const raw = encodeIdx(dims, data);
    expect(() => parseIdx(raw.subarray(0, raw.length - 5), 'cut.idx')).toThrow(
      /cut\.idx is truncated: .*need 24 data bytes, found 19/,
    );
  });

  it('reports trailing bytes', () => {
    const raw = encodeIdx(dims, data);
    const longer = new Uint8Array(raw.length + 3);
    longer.set(raw);
    expect(() => parseIdx(longer, 'long.idx')).toThrow(/long\.idx has 3 trailing bytes/);
  });

  it('reports a wrong magic with what was found and expected', () => {
    const raw = encodeIdx(dims, data);
    raw[2] = 0x0d;
    expect(() => parseIdx(raw, 'float.idx')).toThrow(
      /float\.idx has the wrong magic number: found 0x00 0x00 0x0d, expected 0x00 0x00 0x08/,
    );
    expect(() => parseIdx(new TextEncoder().encode('<html>oops</html>'), 'page.html')).toThrow(
      /found 0x3c 0x68 0x74/,
    );
  });

  it('reports headers that are too short', () => {
    expect(() => parseIdx(new Uint8Array([0, 0]), 'tiny')).toThrow(/tiny is too short.*2 bytes/);
    expect(() => parseIdx(new Uint8Array([0, 0, 8, 3, 0, 0, 0, 1]), 'hdr')).toThrow(
      /hdr has a 3-dimensional IDX header needing 16 bytes, but the file has 8/,
    );
  });

  it('reports gzip data that cannot be inflated', () => {
    const gz = gzipSync(encodeIdx(dims, data));
    expect(() => parseIdx(gz.subarray(0, 12), 'bad.gz')).toThrow(
      /bad\.gz starts like a gzip file but could not/,
    );
  });

  it('refuses to encode data that does not fit the dims', () => {
    expect(() => encodeIdx([2, 2], new Uint8Array(3))).toThrow(/4 values but data has 3/);
  });
});
