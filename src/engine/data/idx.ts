/**
 * IDX files (the MNIST/EMNIST format): magic 0x00 0x00, type byte, number of dims, big-endian
 * uint32 dims, then the data. Only the uint8 type (0x08) is used by these datasets.
 */
import { gunzipSync } from 'fflate';

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

const UINT8_TYPE = 0x08;

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Inflates gzip bytes, passes anything else through unchanged. */
export function maybeGunzip(bytes: Uint8Array, name: string): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (error) {
    throw new Error(
      `${name} starts like a gzip file but could not be decompressed (${(error as Error).message}). ` +
        'The file is probably truncated or corrupt: download or build it again.',
    );
  }
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => `0x${b.toString(16).padStart(2, '0')}`).join(' ');
}

/** Parses a raw or gzipped IDX file of uint8 values; `name` appears in every error. */
export function parseIdx(input: Uint8Array, name: string): IdxArray {
  const bytes = maybeGunzip(input, name);
  const fix =
    'Check that this is an uncorrupted IDX file (e.g. *-idx3-ubyte.gz) and download it again.';
  if (bytes.length < 4) {
    throw new Error(
      `${name} is too short for an IDX header: ${bytes.length} bytes, need at least 4. ${fix}`,
    );
  }
  if (bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== UINT8_TYPE) {
    throw new Error(
      `${name} has the wrong magic number: found ${hex(bytes.subarray(0, 3))}, expected 0x00 0x00 0x08 ` +
        `(IDX of unsigned bytes). ${fix}`,
    );
  }
  const rank = bytes[3];
  if (rank === 0) throw new Error(`${name} declares 0 dimensions in its IDX header. ${fix}`);
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    throw new Error(
      `${name} has a ${rank}-dimensional IDX header needing ${headerBytes} bytes, but the file has ` +
        `${bytes.length} bytes. ${fix}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(view.getUint32(4 + 4 * i, false));
  const expected = dims.reduce((a, b) => a * b, 1);
  const found = bytes.length - headerBytes;
  if (found < expected) {
    throw new Error(
      `${name} is truncated: dims [${dims.join(', ')}] need ${expected} data bytes, found ${found}. ${fix}`,
    );
  }
  if (found > expected) {
    throw new Error(
      `${name} has ${found - expected} trailing bytes after the data: dims [${dims.join(', ')}] need ` +
        `${expected} data bytes, found ${found}. ${fix}`,
    );
  }
  return { dims, data: bytes.subarray(headerBytes) };
}

/** Encodes uint8 data as a raw (uncompressed) IDX file. */
export function encodeIdx(dims: number[], data: Uint8Array): Uint8Array {
  const expected = dims.reduce((a, b) => a * b, 1);
  const badDim = dims.some((d) => !Number.isInteger(d) || d < 0 || d > 0xffffffff);
  if (badDim || dims.length === 0 || dims.length > 255 || expected !== data.length) {
    throw new Error(
      `encodeIdx: dims [${dims.join(', ')}] describe ${expected} values but data has ${data.length}.`,
    );
  }
  const header = 4 + 4 * dims.length;
  const out = new Uint8Array(header + data.length);
  const view = new DataView(out.buffer);
  out[2] = UINT8_TYPE;
  out[3] = dims.length;
  dims.forEach((d, i) => {
    view.setUint32(4 + 4 * i, d, false);
  });
  out.set(data, header);
  return out;
}
