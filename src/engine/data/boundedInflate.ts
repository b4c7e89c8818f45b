/**
 * DEFLATE decompression that stops at a byte limit: fflate's streaming Inflate is fed in chunks
 * no larger than the room left under the limit justifies, so a bomb is caught within a few
 * hundred kilobytes of the limit, not after gigabytes.
 */
import { Inflate } from 'fflate';
import { crc32 } from '../checkpoint/crc32';
import { DatasetFileError, DecompressionLimitError } from './datasetFileError';

/** DEFLATE's largest expansion: a 258-byte match per (at best) 2 bits, about 1032-fold. */
const MAX_RATIO = 1032;
const MIN_CHUNK_BYTES = 256;
/** Larger chunks gain little speed and let one push allocate more. */
const MAX_CHUNK_BYTES = 65536;
/** Enough for any IDX header (4 bytes, then up to 255 dims of 4 bytes). */
const HEAD_BYTES = 1024;

export interface InflateBound {
  bytes: number;
  /** What sets this bound, for the error: "declared maximum", "ISIZE", ... */
  field: string;
}

export interface InflateOptions {
  /** The tightest applies. */
  bounds: InflateBound[];
  /** Called with the first bytes until it returns a bound (e.g. from an IDX header); may throw. */
  boundFromHead?: (head: Uint8Array) => InflateBound | undefined;
}

export interface Inflated {
  data: Uint8Array;
  crc32: number;
  /** Input bytes the DEFLATE stream used; anything after them is not part of it. */
  consumed: number;
}

/**
 * fflate keeps no public count of the input it used; these are the fields its own Gunzip reads
 * to find where a member ends (stream done: final block seen and no block open).
 */
interface InflateInternals {
  s: { f?: number; l?: unknown; p?: number };
  p: Uint8Array;
}

function tightest(bounds: InflateBound[]): InflateBound {
  return bounds.reduce((a, b) => (b.bytes < a.bytes ? b : a));
}

/** Inflates raw DEFLATE `input` (from `file`) without ever holding more than the bound allows. */
export function inflateBounded(input: Uint8Array, file: string, options: InflateOptions): Inflated {
  let bound = tightest(options.bounds);
  let fromHead = options.boundFromHead;
  const chunks: Uint8Array[] = [];
  const head = new Uint8Array(HEAD_BYTES);
  let total = 0;
  let crc = 0;
  const inflater = new Inflate((chunk) => {
    if (total < HEAD_BYTES) head.set(chunk.subarray(0, HEAD_BYTES - total), total);
    total += chunk.length;
    if (fromHead) {
      const found = fromHead(head.subarray(0, Math.min(total, HEAD_BYTES)));
      if (found) {
        bound = tightest([bound, found]);
        fromHead = undefined;
      }
    }
    if (total > bound.bytes) throw new DecompressionLimitError(file, bound.field, bound.bytes);
    crc = crc32(chunk, 0, crc);
    chunks.push(chunk);
  });
  const state = inflater as unknown as InflateInternals;
  const ended = () => state.s.f === 1 && !state.s.l;
  let pushed = 0;
  try {
    while (!ended() && pushed < input.length) {
      const room = Math.max(bound.bytes - total, 0) / MAX_RATIO;
      const size = Math.min(MAX_CHUNK_BYTES, Math.max(MIN_CHUNK_BYTES, Math.ceil(room)));
      const end = Math.min(pushed + size, input.length);
      inflater.push(input.subarray(pushed, end), end === input.length);
      pushed = end;
    }
  } catch (error) {
    if (error instanceof DatasetFileError) throw error;
    throw new DatasetFileError(
      file,
      'deflate data',
      `${file} holds damaged compressed data (${(error as Error).message}). Use the original file.`,
    );
  }
  if (!ended()) {
    throw new DatasetFileError(
      file,
      'deflate data',
      `${file} is truncated: its compressed data ends before the end of the stream. Use the original file.`,
    );
  }
  const unused = state.p.length - ((state.s.p ?? 0) & 7 ? 1 : 0);
  const data = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    data.set(chunk, at);
    at += chunk.length;
  }
  return { data, crc32: crc, consumed: pushed - unused };
}
