type Crc = (bytes: Uint8Array, start?: number, crc?: number) => number;

/**
 * A reflected CRC-32 over `poly`, four bytes a step (datasets run to gigabytes): slicing-by-4
 * tables, table k mapping a byte to its CRC after k more zero bytes. `crc` continues an earlier
 * call's result over more bytes.
 */
function reflectedCrc32(poly: number): Crc {
  const t = new Uint32Array(4 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? poly ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    for (let k = 1; k < 4; k++) {
      const prev = t[(k - 1) * 256 + n];
      t[k * 256 + n] = (prev >>> 8) ^ t[prev & 0xff];
    }
  }
  return (bytes, start = 0, crc = 0) => {
    let c = ~crc >>> 0;
    let i = start;
    for (const end4 = bytes.length - 3; i < end4; i += 4) {
      c ^= bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
      c =
        t[768 + (c & 0xff)] ^
        t[512 + ((c >>> 8) & 0xff)] ^
        t[256 + ((c >>> 16) & 0xff)] ^
        t[c >>> 24];
    }
    for (; i < bytes.length; i++) c = t[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
    return ~c >>> 0;
  };
}

/** CRC-32 (IEEE), as zip and gzip use it: tells a damaged checkpoint or dataset file from a valid one. */
export const crc32: Crc = reflectedCrc32(0xedb88320);

/** CRC-32C (Castagnoli), as TFRecord files (TensorBoard's event files) use it. */
export const crc32c: Crc = reflectedCrc32(0x82f63b78);
