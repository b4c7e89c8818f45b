/** Slicing-by-4 tables: table k maps a byte to its CRC after k more zero bytes. */
const tables = (() => {
  const t = new Uint32Array(4 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    for (let k = 1; k < 4; k++) {
      const prev = t[(k - 1) * 256 + n];
      t[k * 256 + n] = (prev >>> 8) ^ t[prev & 0xff];
    }
  }
  return t;
})();

/**
 * CRC-32 (IEEE), to tell a damaged checkpoint or dataset file from a valid one; `crc` continues
 * an earlier call's result over more bytes. Four bytes a step, as datasets run to gigabytes.
 */
export function crc32(bytes: Uint8Array, start = 0, crc = 0): number {
  let c = ~crc >>> 0;
  let i = start;
  for (const end4 = bytes.length - 3; i < end4; i += 4) {
    c ^= bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    c =
      tables[768 + (c & 0xff)] ^
      tables[512 + ((c >>> 8) & 0xff)] ^
      tables[256 + ((c >>> 16) & 0xff)] ^
      tables[c >>> 24];
  }
  for (; i < bytes.length; i++) c = tables[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}
