/**
 * The safetensors format (huggingface/safetensors): an 8-byte little-endian header length, a
 * JSON header naming each tensor's dtype, shape and [begin, end) byte offsets into the data
 * that follows, and `__metadata__` (strings only); raw little-endian data. Files from outside
 * are checked before anything is allocated for them: header size, dtypes, shapes, offsets in
 * range, not overlapping, and covering the data exactly.
 */

export class SafetensorsError extends Error {
  override readonly name = 'SafetensorsError';
}

/** As the reference implementation limits it. */
export const MAX_HEADER_BYTES = 100_000_000;
const MAX_TENSORS = 10_000;
const MAX_RANK = 8;

export interface Tensor {
  shape: number[];
  data: Float32Array;
}

/** Writes F32 tensors in the order given, the header padded with spaces to 8 bytes. */
export function encodeSafetensors(
  tensors: Record<string, Tensor>,
  metadata: Record<string, string> = {},
): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const [name, { shape, data }] of Object.entries(tensors)) {
    const size = shape.reduce((n, d) => n * d, 1);
    if (size !== data.length) {
      throw new Error(`tensor ${name} has ${data.length} values for shape [${shape}]`);
    }
    header[name] = { dtype: 'F32', shape, data_offsets: [offset, offset + data.length * 4] };
    offset += data.length * 4;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    json = new TextEncoder().encode(JSON.stringify(header) + ' '.repeat(padded - json.length));
  }
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const { data } of Object.values(tensors)) {
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
    at += data.byteLength;
  }
  return out;
}

export interface SafetensorsFile {
  tensors: Map<string, Tensor>;
  metadata: Record<string, string>;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads a safetensors file of F32 tensors; `source` names it in every error. */
export function decodeSafetensors(bytes: Uint8Array, source: string): SafetensorsFile {
  const fail = (what: string): never => {
    throw new SafetensorsError(`${source} is not a usable safetensors file: ${what}.`);
  };
  if (bytes.length < 8) fail(`it has ${bytes.length} bytes, fewer than the 8 of its header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerBytes = view.getBigUint64(0, true);
  if (headerBytes > BigInt(MAX_HEADER_BYTES)) {
    fail(`its header claims ${headerBytes} bytes, more than the ${MAX_HEADER_BYTES} allowed`);
  }
  if (Number(headerBytes) > bytes.length - 8) {
    fail(`its header claims ${headerBytes} bytes, but only ${bytes.length - 8} follow`);
  }
  const dataStart = 8 + Number(headerBytes);
  let header: unknown;
  try {
    header = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, dataStart)),
    );
  } catch (error) {
    fail(`its header is not JSON (${(error as Error).message})`);
  }
  if (!isObject(header)) return fail('its header is not a JSON object');
  const metadata: Record<string, string> = {};
  const entries = Object.entries(header).filter(([name]) => name !== '__metadata__');
  if (header.__metadata__ !== undefined) {
    if (!isObject(header.__metadata__)) fail('__metadata__ is not an object');
    for (const [k, v] of Object.entries(header.__metadata__ as Record<string, unknown>)) {
      if (typeof v !== 'string') fail(`__metadata__.${k} is not a string`);
      metadata[k] = v as string;
    }
  }
  if (entries.length > MAX_TENSORS) fail(`it names ${entries.length} tensors`);
  const dataLength = bytes.length - dataStart;
  const spans: { name: string; begin: number; end: number; shape: number[] }[] = [];
  for (const [name, spec] of entries) {
    if (!isObject(spec)) return fail(`tensor ${name} is not described by an object`);
    if (spec.dtype !== 'F32') {
      fail(
        `tensor ${name} is ${JSON.stringify(spec.dtype)}; Inklab reads F32 tensors only (save them as float32)`,
      );
    }
    const shape = spec.shape;
    if (
      !Array.isArray(shape) ||
      shape.length > MAX_RANK ||
      !shape.every((d) => Number.isSafeInteger(d) && d >= 0)
    ) {
      return fail(`tensor ${name} has shape ${JSON.stringify(shape)}, not a list of sizes`);
    }
    const offsets = spec.data_offsets;
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)
    ) {
      return fail(`tensor ${name} has data_offsets ${JSON.stringify(offsets)}, not [begin, end]`);
    }
    const [begin, end] = offsets as [number, number];
    const values = (shape as number[]).reduce((n, d) => n * d, 1);
    if (end < begin || end - begin !== values * 4) {
      fail(
        `tensor ${name} spans bytes ${begin} to ${end}, but shape [${shape}] of F32 needs ${values * 4}`,
      );
    }
    if (end > dataLength)
      fail(`tensor ${name} ends at byte ${end}, past the ${dataLength} bytes of data`);
    spans.push({ name, begin, end, shape: shape as number[] });
  }
  spans.sort((a, b) => a.begin - b.begin);
  let covered = 0;
  for (const span of spans) {
    if (span.begin < covered) fail(`tensor ${span.name} overlaps the tensor before it`);
    if (span.begin > covered) fail(`bytes ${covered} to ${span.begin} belong to no tensor`);
    covered = span.end;
  }
  if (covered !== dataLength) fail(`bytes ${covered} to ${dataLength} belong to no tensor`);
  const tensors = new Map<string, Tensor>();
  for (const { name, begin, end, shape } of spans) {
    // A copy: the data may sit at an offset a Float32Array cannot start at. (Not `slice`: on a
    // Node Buffer it is a view of the whole pool.)
    const copy = new Uint8Array(bytes.subarray(dataStart + begin, dataStart + end));
    tensors.set(name, { shape, data: new Float32Array(copy.buffer) });
  }
  return { tensors, metadata };
}
