/**
 * IDX files (the MNIST/EMNIST format): magic 0x00 0x00, type byte, number of dims, big-endian
 * uint32 dims, then the data. Only the uint8 type (0x08) is used by these datasets. Every size
 * in a header is checked against the caller's bounds before anything is allocated or inflated.
 */
import type { InflateBound } from './boundedInflate';
import { DatasetFileError } from './datasetFileError';
import { gunzipBounded, isGzip } from './gzip';

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

/** One dimension a caller accepts: its name for errors ("count", "rows") and largest size. */
export interface IdxDim {
  name: string;
  max: number;
}

const UINT8_TYPE = 0x08;
const FIX =
  'Check that this is an uncorrupted IDX file (e.g. *-idx3-ubyte.gz) and download it again.';

export function idxImageDims(maxCount: number, rows: number, cols: number): IdxDim[] {
  return [
    { name: 'count', max: maxCount },
    { name: 'rows', max: rows },
    { name: 'cols', max: cols },
  ];
}

export function idxLabelDims(maxCount: number): IdxDim[] {
  return [{ name: 'count', max: maxCount }];
}

function headerBytes(rank: number): number {
  return 4 + 4 * rank;
}

/** The largest file `accepted` allows, header included. */
export function idxMaxBytes(accepted: readonly IdxDim[]): number {
  return headerBytes(accepted.length) + accepted.reduce((n, d) => n * d.max, 1);
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => `0x${b.toString(16).padStart(2, '0')}`).join(' ');
}

function invalid(file: string, field: string, problem: string): DatasetFileError {
  return new DatasetFileError(file, field, `${file} ${problem}. ${FIX}`);
}

/**
 * Reads and checks the header at the start of `bytes`: the dims, or undefined when `bytes` is
 * still too short to hold it (the rest of a gzip file is being inflated).
 */
function readHeader(
  bytes: Uint8Array,
  file: string,
  accepted: readonly IdxDim[],
): number[] | undefined {
  if (bytes.length < 4) return undefined;
  if (bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== UINT8_TYPE) {
    throw invalid(
      file,
      'magic',
      `has the wrong magic number: found ${hex(bytes.subarray(0, 3))}, expected 0x00 0x00 0x08 (IDX of unsigned bytes)`,
    );
  }
  const rank = bytes[3];
  if (rank !== accepted.length) {
    throw invalid(
      file,
      'rank',
      `declares ${rank} dimensions, expected ${accepted.length} (${accepted.map((d) => d.name).join(', ')})`,
    );
  }
  if (bytes.length < headerBytes(rank)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return accepted.map((dim, i) => {
    const size = view.getUint32(4 + 4 * i, false);
    if (size === 0 || size > dim.max) {
      throw invalid(
        file,
        dim.name,
        `declares ${dim.name} ${size} in its header, expected 1 to ${dim.max} (an empty or oversized set)`,
      );
    }
    return size;
  });
}

function fileBytes(dims: number[]): number {
  return headerBytes(dims.length) + dims.reduce((a, b) => a * b, 1);
}

/**
 * Parses a raw or gzipped IDX file of uint8 values whose dims must be `accepted` (rank, names,
 * 1..max each); `name` appears in every error. A gzipped file is inflated no further than its
 * header justifies.
 */
export function parseIdx(input: Uint8Array, name: string, accepted: readonly IdxDim[]): IdxArray {
  const boundFromHead = (head: Uint8Array): InflateBound | undefined => {
    const dims = readHeader(head, name, accepted);
    return dims && { bytes: fileBytes(dims), field: 'IDX header dims' };
  };
  const bytes = isGzip(input)
    ? gunzipBounded(input, name, { maxBytes: idxMaxBytes(accepted), boundFromHead })
    : input;
  const dims = readHeader(bytes, name, accepted);
  if (!dims) {
    throw invalid(
      name,
      'header',
      `is too short for its IDX header: ${bytes.length} bytes, need ${headerBytes(accepted.length)}`,
    );
  }
  const expected = fileBytes(dims) - headerBytes(dims.length);
  const found = bytes.length - headerBytes(dims.length);
  if (found !== expected) {
    const problem =
      found < expected
        ? `is truncated: dims [${dims.join(', ')}] need ${expected} data bytes, found ${found}`
        : `has ${found - expected} trailing bytes after the data: dims [${dims.join(', ')}] need ${expected} data bytes`;
    throw invalid(name, 'data', problem);
  }
  return { dims, data: bytes.subarray(headerBytes(dims.length)) };
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
