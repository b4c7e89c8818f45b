import { crc32, deflateRawSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { datasetRefusal } from '../../testing/datasetRefusal';
import { inflateBounded } from './boundedInflate';
import { DatasetFileError, DecompressionLimitError } from './datasetFileError';
import { gunzipBounded } from './gzip';
import { encodeIdx } from './idx';

/** A small IDX file gzipped by zlib (an implementation other than the one reading it). */
const idx = encodeIdx(
  [20, 5, 5],
  Uint8Array.from({ length: 500 }, (_, i) => (i * i) % 251),
);
const real = new Uint8Array(gzipSync(idx));
const limits = { maxBytes: 1e6 };

function withBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = bytes.slice();
  out[bit >> 3] ^= 1 << (bit & 7);
  return out;
}

describe('gunzipBounded', () => {
  it('inflates a real .gz file', () => {
    expect(gunzipBounded(real, 'x.gz', limits)).toEqual(idx);
  });

  it('never returns different data after a bit flip in a real .gz file', () => {
    let refused = 0;
    const accepted: number[] = [];
    for (let bit = 0; bit < real.length * 8; bit++) {
      let out: Uint8Array | undefined;
      try {
        out = gunzipBounded(withBit(real, bit), 'flipped.gz', limits);
      } catch (error) {
        expect(error).toBeInstanceOf(DatasetFileError);
        refused++;
        continue;
      }
      expect(out).toEqual(idx);
      accepted.push(bit);
    }
    // Only bits that carry no data may pass: FTEXT (a hint), MTIME, XFL and OS in the header,
    // and the padding bits after the end of the last deflate block (its final byte).
    const lastDeflateByte = real.length - 9;
    const harmless = (bit: number) =>
      bit === 24 || (bit >= 32 && bit < 80) || bit >> 3 === lastDeflateByte;
    expect(accepted.filter((bit) => !harmless(bit))).toEqual([]);
    expect(refused).toBe(real.length * 8 - accepted.length);
  });

  it('refuses every flip of the CRC-32 or ISIZE in the trailer', () => {
    for (let bit = (real.length - 8) * 8; bit < real.length * 8; bit++) {
      const field = datasetRefusal(() =>
        gunzipBounded(withBit(real, bit), 'trailer.gz', limits),
      ).field;
      expect(['CRC32', 'ISIZE', 'ISIZE (trailer)']).toContain(field);
    }
  });

  it('refuses a second member and appended bytes', () => {
    const twice = new Uint8Array([...real, ...real]);
    expect(datasetRefusal(() => gunzipBounded(twice, 'two.gz', limits)).field).toBe('members');
    for (const extra of [1, 3, 9, 100]) {
      const longer = new Uint8Array(real.length + extra);
      longer.set(real);
      // The last 8 bytes are then no trailer: the ISIZE they spell may stop the inflating first.
      const { field } = datasetRefusal(() => gunzipBounded(longer, 'long.gz', limits));
      expect(['members', 'ISIZE (trailer)']).toContain(field);
    }
  });

  it('refuses a file cut short anywhere', () => {
    for (let length = 0; length < real.length; length++) {
      datasetRefusal(() => gunzipBounded(real.subarray(0, length), 'cut.gz', limits));
    }
  });

  it('stops a gzip bomb at the declared maximum, allocating little', () => {
    const bomb = new Uint8Array(gzipSync(new Uint8Array(50e6)));
    const before = process.memoryUsage().arrayBuffers;
    const error = datasetRefusal(() => gunzipBounded(bomb, 'bomb.gz', { maxBytes: 1e6 }));
    const grown = process.memoryUsage().arrayBuffers - before;
    expect(error).toBeInstanceOf(DecompressionLimitError);
    expect(error.field).toBe('declared maximum');
    // Stopped within a chunk of the limit: nowhere near the 50 MB the bomb holds.
    expect(grown).toBeLessThan(8e6);
  });
});

describe('inflateBounded', () => {
  it('reports how much input the stream used and the CRC-32 of its output', () => {
    const data = new TextEncoder().encode('inklab '.repeat(100));
    const stream = new Uint8Array(deflateRawSync(data));
    const padded = new Uint8Array([...stream, 1, 2, 3]);
    const inflated = inflateBounded(padded, 'p', { bounds: [{ bytes: 1e6, field: 'max' }] });
    expect(inflated.data).toEqual(data);
    expect(inflated.consumed).toBe(stream.length);
    expect(inflated.crc32).toBe(crc32(data));
  });
});
