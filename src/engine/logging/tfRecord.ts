import { crc32c } from '../checkpoint/crc32';

/**
 * TFRecord's masked CRC-32C: rotated and offset so that a CRC stored inside checksummed data
 * does not weaken the checksum over it.
 */
export function maskedCrc32c(bytes: Uint8Array): number {
  const crc = crc32c(bytes);
  return (((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0;
}

/**
 * One TFRecord: the data's length (uint64, little-endian), the length's masked CRC, the data,
 * the data's masked CRC. Event files are these records one after another.
 */
export function tfRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + 4 + data.length + 4);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}
