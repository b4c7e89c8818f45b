/**
 * An event-file reader for tests, written from the formats' specs rather than from the writer:
 * TFRecord framing (tensorflow/core/lib/io/record_writer.cc), protobuf's wire format, and the
 * field numbers of event.proto, summary.proto and the hparams plugin's protos. It checks every
 * length and CRC and throws on anything it does not expect.
 */
import { crc32c } from '../engine/checkpoint/crc32';

function masked(bytes: Uint8Array): number {
  const crc = crc32c(bytes);
  return (((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0;
}

/** The records of a TFRecord file, each CRC checked. */
export function readTfRecords(file: Uint8Array): Uint8Array[] {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const records: Uint8Array[] = [];
  let at = 0;
  while (at < file.length) {
    if (at + 12 > file.length) throw new Error(`record header cut short at byte ${at}`);
    const length = Number(view.getBigUint64(at, true));
    if (view.getUint32(at + 8, true) !== masked(file.subarray(at, at + 8)))
      throw new Error(`length CRC mismatch at byte ${at}`);
    const end = at + 12 + length;
    if (end + 4 > file.length) throw new Error(`record at byte ${at} cut short`);
    const data = file.subarray(at + 12, end);
    if (view.getUint32(end, true) !== masked(data))
      throw new Error(`data CRC mismatch in the record at byte ${at}`);
    records.push(data);
    at = end + 4;
  }
  return records;
}

type Field = {
  number: number;
  varint?: bigint;
  bytes?: Uint8Array;
  fixed64?: DataView;
  fixed32?: DataView;
};

/** A message's fields in wire order (protobuf encoding: tag varints, then values). */
function fields(message: Uint8Array): Field[] {
  const out: Field[] = [];
  let at = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (at >= message.length) throw new Error('varint runs past the message');
      const byte = message[at++];
      result |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return result;
    }
  };
  const take = (n: number): Uint8Array => {
    if (at + n > message.length) throw new Error('field runs past the message');
    const part = message.subarray(at, at + n);
    at += n;
    return part;
  };
  const viewOf = (part: Uint8Array) => new DataView(part.buffer, part.byteOffset, part.length);
  while (at < message.length) {
    const key = Number(varint());
    const number = key >>> 3;
    const wire = key & 7;
    if (wire === 0) out.push({ number, varint: varint() });
    else if (wire === 1) out.push({ number, fixed64: viewOf(take(8)) });
    else if (wire === 2) out.push({ number, bytes: take(Number(varint())) });
    else if (wire === 5) out.push({ number, fixed32: viewOf(take(4)) });
    else throw new Error(`unexpected wire type ${wire} for field ${number}`);
  }
  return out;
}

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);
const field = (all: Field[], number: number) => all.find((f) => f.number === number);

export interface SummaryValue {
  tag: string;
  simpleValue?: number;
  pluginName?: string;
  pluginContent?: Uint8Array;
}

export interface TfEvent {
  wallTime: number;
  step: number;
  fileVersion?: string;
  values: SummaryValue[];
}

function summaryValue(bytes: Uint8Array): SummaryValue {
  const f = fields(bytes);
  const value: SummaryValue = { tag: text(field(f, 1)?.bytes) };
  const simple = field(f, 2)?.fixed32;
  if (simple) value.simpleValue = simple.getFloat32(0, true);
  const metadata = field(f, 9)?.bytes;
  if (metadata) {
    const pluginData = field(fields(metadata), 1)?.bytes;
    if (pluginData) {
      const p = fields(pluginData);
      value.pluginName = text(field(p, 1)?.bytes);
      value.pluginContent = field(p, 2)?.bytes ?? new Uint8Array();
    }
  }
  return value;
}

/** event.proto's Event: wall_time 1 (double), step 2, file_version 3, summary 5. */
export function decodeEvent(bytes: Uint8Array): TfEvent {
  const f = fields(bytes);
  const summary = field(f, 5)?.bytes;
  const version = field(f, 3)?.bytes;
  return {
    wallTime: field(f, 1)?.fixed64?.getFloat64(0, true) ?? 0,
    step: Number(field(f, 2)?.varint ?? 0n),
    ...(version ? { fileVersion: text(version) } : {}),
    values: summary
      ? fields(summary)
          .filter((v) => v.number === 1)
          .map((v) => summaryValue(v.bytes as Uint8Array))
      : [],
  };
}

/** Every event of an event file. */
export function readEventFile(file: Uint8Array): TfEvent[] {
  return readTfRecords(file).map(decodeEvent);
}

export type HParamsData =
  | { kind: 'experiment'; hparams: { name: string; type: number }[]; metricTags: string[] }
  | { kind: 'sessionStart'; hparams: Record<string, number | string | boolean>; startTime: number }
  | { kind: 'sessionEnd'; status: number; endTime: number };

/** google.protobuf.Value: number 2, string 3, bool 4. */
function structValue(bytes: Uint8Array): number | string | boolean {
  const [kind] = fields(bytes);
  if (kind?.number === 2 && kind.fixed64) return kind.fixed64.getFloat64(0, true);
  if (kind?.number === 3) return text(kind.bytes);
  if (kind?.number === 4) return kind.varint === 1n;
  throw new Error(`unexpected google.protobuf.Value field ${kind?.number}`);
}

/** The hparams plugin's HParamsPluginData: version 1, experiment 2, session start 3, end 4. */
export function decodeHParams(content: Uint8Array): HParamsData {
  const f = fields(content);
  if (Number(field(f, 1)?.varint ?? 0n) !== 0) throw new Error('hparams plugin version is not 0');
  const experiment = field(f, 2)?.bytes;
  if (experiment) {
    const e = fields(experiment);
    return {
      kind: 'experiment',
      hparams: e
        .filter((x) => x.number === 4)
        .map((x) => {
          const info = fields(x.bytes as Uint8Array);
          return { name: text(field(info, 1)?.bytes), type: Number(field(info, 4)?.varint ?? 0n) };
        }),
      metricTags: e
        .filter((x) => x.number === 5)
        .map((x) => {
          const name = field(fields(x.bytes as Uint8Array), 1)?.bytes as Uint8Array;
          return text(field(fields(name), 2)?.bytes);
        }),
    };
  }
  const start = field(f, 3)?.bytes;
  if (start) {
    const s = fields(start);
    const hparams: Record<string, number | string | boolean> = {};
    for (const entry of s.filter((x) => x.number === 1)) {
      const e = fields(entry.bytes as Uint8Array);
      hparams[text(field(e, 1)?.bytes)] = structValue(field(e, 2)?.bytes as Uint8Array);
    }
    return {
      kind: 'sessionStart',
      hparams,
      startTime: field(s, 5)?.fixed64?.getFloat64(0, true) ?? 0,
    };
  }
  const end = field(f, 4)?.bytes;
  if (end) {
    const e = fields(end);
    return {
      kind: 'sessionEnd',
      status: Number(field(e, 1)?.varint ?? 0n),
      endTime: field(e, 2)?.fixed64?.getFloat64(0, true) ?? 0,
    };
  }
  throw new Error('hparams plugin data holds no experiment, session start or session end');
}
