import { describe, expect, it } from 'vitest';
import { crc32, crc32c } from './crc32';

const ascii = (text: string) => new TextEncoder().encode(text);
const bytes = (f: (i: number) => number) => Uint8Array.from({ length: 32 }, (_, i) => f(i));

describe('crc32 and crc32c', () => {
  it('give the check values of their catalogues', () => {
    expect(crc32(ascii('123456789'))).toBe(0xcbf43926);
    expect(crc32c(ascii('123456789'))).toBe(0xe3069283);
  });

  // RFC 3720 (iSCSI), appendix B.4: CRC-32C of 32-byte patterns.
  it('give the test vectors of RFC 3720 for CRC-32C', () => {
    expect(crc32c(bytes(() => 0))).toBe(0x8a9136aa);
    expect(crc32c(bytes(() => 0xff))).toBe(0x62a8ab43);
    expect(crc32c(bytes((i) => i))).toBe(0x46dd794e);
    expect(crc32c(bytes((i) => 31 - i))).toBe(0x113fdb5c);
  });

  it('continue an earlier result over more bytes, at any split', () => {
    const data = ascii('The quick brown fox jumps over the lazy dog');
    for (const split of [0, 1, 3, 4, 7, 20, data.length]) {
      const head = crc32c(data.subarray(0, split));
      expect(crc32c(data, split, head)).toBe(crc32c(data));
      expect(crc32(data, split, crc32(data.subarray(0, split)))).toBe(crc32(data));
    }
  });
});
