/**
 * gzip (RFC 1952) read strictly: one member, header flags and header CRC checked, inflated
 * under a byte limit, then the trailer's CRC-32 and ISIZE compared with what came out.
 */
import { crc32 } from '../checkpoint/crc32';
import { type InflateBound, inflateBounded } from './boundedInflate';
import { DatasetFileError } from './datasetFileError';

const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
const RESERVED_FLAGS = 0xe0;
const FIXED_HEADER_BYTES = 10;
const TRAILER_BYTES = 8;

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export interface GunzipLimits {
  /** The most bytes the inflated file may hold. */
  maxBytes: number;
  /** A tighter bound read from the first inflated bytes (an IDX header); may throw. */
  boundFromHead?: (head: Uint8Array) => InflateBound | undefined;
}

function corrupt(file: string, field: string, problem: string): DatasetFileError {
  return new DatasetFileError(
    file,
    field,
    `${file} is not a valid gzip file: ${problem}. The file is truncated or corrupt: download or build it again.`,
  );
}

/** Where the compressed data starts, after the optional header fields `flags` announces. */
function headerEnd(bytes: Uint8Array, file: string): number {
  if (bytes.length < FIXED_HEADER_BYTES + TRAILER_BYTES) {
    throw corrupt(
      file,
      'header',
      `${bytes.length} bytes is too short for a gzip header and trailer`,
    );
  }
  if (bytes[2] !== 8)
    throw corrupt(file, 'CM', `compression method ${bytes[2]}, expected 8 (deflate)`);
  const flags = bytes[3];
  if (flags & RESERVED_FLAGS)
    throw corrupt(file, 'FLG', `reserved flag bits are set (0x${flags.toString(16)})`);
  let at = FIXED_HEADER_BYTES;
  if (flags & FEXTRA) at += 2 + (bytes[at] | (bytes[at + 1] << 8));
  for (const flag of [FNAME, FCOMMENT]) {
    if (!(flags & flag)) continue;
    while (at < bytes.length && bytes[at] !== 0) at++;
    at++;
  }
  if (flags & FHCRC) {
    const stored = bytes[at] | (bytes[at + 1] << 8);
    if (at + 2 <= bytes.length && (crc32(bytes.subarray(0, at)) & 0xffff) !== stored) {
      throw corrupt(file, 'FHCRC', 'the header CRC does not match the header');
    }
    at += 2;
  }
  if (at > bytes.length - TRAILER_BYTES) {
    throw corrupt(file, 'header', 'the header runs past the end of the file');
  }
  return at;
}

/** Inflates a single-member gzip file, refusing anything damaged, appended or over the limit. */
export function gunzipBounded(bytes: Uint8Array, file: string, limits: GunzipLimits): Uint8Array {
  if (!isGzip(bytes)) throw corrupt(file, 'ID', 'it does not start with 0x1f 0x8b');
  const start = headerEnd(bytes, file);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const trailer = bytes.length - TRAILER_BYTES;
  const expectedCrc = view.getUint32(trailer, true);
  // ISIZE is the size modulo 2^32; every limit here is below 4 GiB, so it is exact.
  const isize = view.getUint32(trailer + 4, true);
  const body = bytes.subarray(start, trailer);
  const inflated = inflateBounded(body, file, {
    bounds: [
      { bytes: limits.maxBytes, field: 'declared maximum' },
      { bytes: isize, field: 'ISIZE (trailer)' },
    ],
    boundFromHead: limits.boundFromHead,
  });
  if (inflated.consumed !== body.length) {
    throw corrupt(
      file,
      'members',
      `${body.length - inflated.consumed} bytes follow the first member's trailer ` +
        '(a second gzip member or appended data; only single-member files are read)',
    );
  }
  if (inflated.data.length !== isize) {
    throw corrupt(
      file,
      'ISIZE',
      `it inflates to ${inflated.data.length} bytes, its trailer says ${isize}`,
    );
  }
  if (inflated.crc32 !== expectedCrc) {
    throw corrupt(
      file,
      'CRC32',
      `the data's CRC-32 is 0x${inflated.crc32.toString(16)}, its trailer says 0x${expectedCrc.toString(16)}`,
    );
  }
  return inflated.data;
}
