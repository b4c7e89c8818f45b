/**
 * Zip archives read from their central directory: entries listed without inflating anything,
 * then one entry extracted under a byte limit and checked against the directory's CRC-32 and
 * sizes. Encrypted, multi-disk and non-deflate entries are refused.
 */
import { crc32 } from '../checkpoint/crc32';
import { inflateBounded } from './boundedInflate';
import { DatasetFileError, DecompressionLimitError } from './datasetFileError';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const EOCD_BYTES = 22;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const CENTRAL_BYTES = 46;
const LOCAL = 0x04034b50;
const LOCAL_BYTES = 30;
const ZIP64_EXTRA = 0x0001;
const STORED = 0;
const DEFLATED = 8;
const ENCRYPTED = 0x0001;
const UTF8_NAMES = 0x0800;
const MAX_COMMENT = 0xffff;

function corrupt(zipName: string, field: string, problem: string): DatasetFileError {
  return new DatasetFileError(
    zipName,
    field,
    `${zipName} is not a readable zip file: ${problem}. The download may be incomplete or ` +
      'damaged: download it again.',
  );
}

class Reader {
  readonly view: DataView;
  constructor(
    readonly bytes: Uint8Array,
    readonly zipName: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Throws unless [at, at + length) lies inside the file. */
  need(at: number, length: number, field: string): void {
    if (at < 0 || at + length > this.bytes.length) {
      throw corrupt(this.zipName, field, `it is cut short (${field} runs past the end)`);
    }
  }

  u16(at: number): number {
    return this.view.getUint16(at, true);
  }

  u32(at: number): number {
    return this.view.getUint32(at, true);
  }

  u64(at: number, field: string): number {
    const value = this.u32(at) + this.u32(at + 4) * 2 ** 32;
    if (!Number.isSafeInteger(value)) throw corrupt(this.zipName, field, `${field} is too large`);
    return value;
  }
}

function findEnd(r: Reader): number {
  const last = r.bytes.length - EOCD_BYTES;
  for (let at = last; at >= Math.max(0, last - MAX_COMMENT); at--) {
    // The comment must reach exactly to the end, so a signature inside a comment is skipped.
    if (r.u32(at) === EOCD && at + EOCD_BYTES + r.u16(at + 20) === r.bytes.length) return at;
  }
  throw corrupt(
    r.zipName,
    'end of central directory',
    'no end-of-central-directory record was found',
  );
}

/** Count, size and offset of the central directory, from the zip64 record when they overflow. */
function centralDirectory(r: Reader): { count: number; size: number; offset: number } {
  const end = findEnd(r);
  if (r.u16(end + 4) !== 0 || r.u16(end + 6) !== 0) {
    throw corrupt(r.zipName, 'disk number', 'multi-disk archives are not supported');
  }
  let count = r.u16(end + 10);
  let size = r.u32(end + 12);
  let offset = r.u32(end + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const locator = end - 20;
    r.need(locator, 20, 'zip64 locator');
    if (r.u32(locator) !== ZIP64_LOCATOR) {
      throw corrupt(r.zipName, 'zip64 locator', 'the zip64 end-of-directory locator is missing');
    }
    const record = r.u64(locator + 8, 'zip64 end of central directory offset');
    r.need(record, 56, 'zip64 end of central directory');
    if (r.u32(record) !== ZIP64_EOCD) {
      throw corrupt(r.zipName, 'zip64 end of central directory', 'its signature is wrong');
    }
    count = r.u64(record + 32, 'entry count');
    size = r.u64(record + 40, 'central directory size');
    offset = r.u64(record + 48, 'central directory offset');
  }
  if (offset + size > end) {
    throw corrupt(
      r.zipName,
      'central directory offset',
      'the central directory lies past its end record',
    );
  }
  // Each entry takes at least CENTRAL_BYTES, which bounds the count by the file itself.
  if (count * CENTRAL_BYTES > size) {
    throw corrupt(
      r.zipName,
      'entry count',
      `${count} entries cannot fit in ${size} bytes of directory`,
    );
  }
  return { count, size, offset };
}

/** Replaces 0xffffffff sizes and offset with the values of the entry's zip64 extra field. */
function applyZip64(r: Reader, entry: ZipEntry, extraStart: number, extraEnd: number): void {
  const wanted = (['size', 'compressedSize', 'localHeaderOffset'] as const).filter(
    (key) => entry[key] === 0xffffffff,
  );
  if (wanted.length === 0) return;
  for (let at = extraStart; at + 4 <= extraEnd; at += 4 + r.u16(at + 2)) {
    if (r.u16(at) !== ZIP64_EXTRA) continue;
    if (at + 4 + 8 * wanted.length > extraEnd) break;
    wanted.forEach((key, i) => {
      entry[key] = r.u64(at + 4 + 8 * i, `${entry.name} ${key}`);
    });
    return;
  }
  throw corrupt(r.zipName, `${entry.name} zip64 extra field`, 'its 64-bit sizes are missing');
}

/** Every entry of the central directory, checked for bounds; nothing is inflated. */
export function listZip(bytes: Uint8Array, zipName: string): ZipEntry[] {
  const r = new Reader(bytes, zipName);
  const dir = centralDirectory(r);
  const entries: ZipEntry[] = [];
  let at = dir.offset;
  const dirEnd = dir.offset + dir.size;
  for (let i = 0; i < dir.count; i++) {
    if (at + CENTRAL_BYTES > dirEnd || r.u32(at) !== CENTRAL) {
      throw corrupt(zipName, `central directory entry ${i}`, 'its signature or position is wrong');
    }
    const nameLength = r.u16(at + 28);
    const extraLength = r.u16(at + 30);
    const next = at + CENTRAL_BYTES + nameLength + extraLength + r.u16(at + 32);
    if (next > dirEnd)
      throw corrupt(zipName, `central directory entry ${i}`, 'it runs past the directory');
    const flags = r.u16(at + 8);
    const nameBytes = bytes.subarray(at + CENTRAL_BYTES, at + CENTRAL_BYTES + nameLength);
    const entry: ZipEntry = {
      name: new TextDecoder(flags & UTF8_NAMES ? 'utf-8' : 'latin1').decode(nameBytes),
      method: r.u16(at + 10),
      flags,
      crc32: r.u32(at + 16),
      compressedSize: r.u32(at + 20),
      size: r.u32(at + 24),
      localHeaderOffset: r.u32(at + 42),
    };
    const extraStart = at + CENTRAL_BYTES + nameLength;
    applyZip64(r, entry, extraStart, extraStart + extraLength);
    entries.push(entry);
    at = next;
  }
  return entries;
}

/**
 * Inflates one entry, at most `maxBytes` and never more than the directory declares, and checks
 * its CRC-32 and both sizes against the central directory.
 */
export function extractZipEntry(
  bytes: Uint8Array,
  zipName: string,
  entry: ZipEntry,
  maxBytes: number,
): Uint8Array {
  const file = `${zipName}: ${entry.name}`;
  const r = new Reader(bytes, zipName);
  if (entry.flags & ENCRYPTED)
    throw corrupt(zipName, `${entry.name} flags`, `${entry.name} is encrypted`);
  if (entry.method !== STORED && entry.method !== DEFLATED) {
    throw corrupt(
      zipName,
      `${entry.name} method`,
      `${entry.name} uses compression method ${entry.method}, not deflate`,
    );
  }
  if (entry.size > maxBytes) throw new DecompressionLimitError(file, 'declared maximum', maxBytes);
  const local = entry.localHeaderOffset;
  r.need(local, LOCAL_BYTES, `${entry.name} local header`);
  if (r.u32(local) !== LOCAL)
    throw corrupt(zipName, `${entry.name} local header`, 'its signature is wrong');
  const start = local + LOCAL_BYTES + r.u16(local + 26) + r.u16(local + 28);
  r.need(start, entry.compressedSize, `${entry.name} data`);
  const data = bytes.subarray(start, start + entry.compressedSize);
  let out: Uint8Array;
  let crc: number;
  if (entry.method === STORED) {
    out = data;
    crc = crc32(data);
  } else {
    const inflated = inflateBounded(data, file, {
      bounds: [
        { bytes: maxBytes, field: 'declared maximum' },
        { bytes: entry.size, field: 'uncompressed size (central directory)' },
      ],
    });
    if (inflated.consumed !== data.length) {
      throw corrupt(
        zipName,
        `${entry.name} compressed size`,
        `${entry.name}'s compressed data ends before its declared size`,
      );
    }
    out = inflated.data;
    crc = inflated.crc32;
  }
  if (out.length !== entry.size) {
    throw corrupt(
      zipName,
      `${entry.name} size`,
      `${entry.name} holds ${out.length} bytes, the directory says ${entry.size}`,
    );
  }
  if (crc !== entry.crc32) {
    throw corrupt(
      zipName,
      `${entry.name} CRC32`,
      `${entry.name} has CRC-32 0x${crc.toString(16)}, the directory says 0x${entry.crc32.toString(16)}`,
    );
  }
  return out;
}
