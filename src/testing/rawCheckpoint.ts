/**
 * Checkpoint files taken apart and put back together below the format's own checks, so tests
 * can craft damaged or hostile headers that still carry a valid CRC-32.
 */
import { crc32 } from '../engine/checkpoint/crc32';
import { CHECKPOINT_FORMAT_VERSION } from '../engine/checkpoint/format';

const PREFIX_BYTES = 20;

type Json = Record<string, unknown>;

/** A header as stored, typed loosely so tests can break any field. */
export interface RawHeader {
  formatVersion: unknown;
  meta: Json;
  weights: Json[];
  optimizerWeights: Json[];
  blobBytes: unknown;
}

/** The JSON header (parsed) and the array bytes of a well-formed checkpoint file. */
export function splitCheckpoint(bytes: Uint8Array): { header: RawHeader; blob: Uint8Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerBytes = view.getUint32(12, true);
  const json = new TextDecoder().decode(bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headerBytes));
  return { header: JSON.parse(json), blob: bytes.slice(PREFIX_BYTES + headerBytes) };
}

/** A file of `header` (any text or bytes) and `blob`, with the prefix and CRC a save writes. */
export function joinCheckpoint(
  header: string | Uint8Array,
  blob: Uint8Array,
  version = CHECKPOINT_FORMAT_VERSION,
): Uint8Array {
  const json = typeof header === 'string' ? new TextEncoder().encode(header) : header;
  const headerBytes = Math.ceil(json.length / 4) * 4;
  const out = new Uint8Array(PREFIX_BYTES + headerBytes + blob.length);
  out.set(new TextEncoder().encode('INKLABCK'), 0);
  out.set(json, PREFIX_BYTES);
  out.fill(0x20, PREFIX_BYTES + json.length, PREFIX_BYTES + headerBytes);
  out.set(blob, PREFIX_BYTES + headerBytes);
  const view = new DataView(out.buffer);
  view.setUint32(8, version, true);
  view.setUint32(12, headerBytes, true);
  view.setUint32(16, crc32(out, PREFIX_BYTES), true);
  return out;
}

/** `bytes` with its header changed by `edit` (which may mutate or replace it), CRC recomputed. */
export function editCheckpoint(
  bytes: Uint8Array,
  edit: (header: RawHeader) => unknown,
): Uint8Array {
  const { header, blob } = splitCheckpoint(bytes);
  const edited = edit(header);
  return joinCheckpoint(JSON.stringify(edited === undefined ? header : edited), blob);
}
