/**
 * TensorBoard's event records, encoded by protobufjs from the messages of TensorBoard's own
 * protos (event.proto, summary.proto, hparams' api.proto and plugin_data.proto), trimmed to the
 * fields Inklab writes; field numbers and names are theirs.
 */
import protobuf from 'protobufjs';
import { tfRecord } from './tfRecord';

const PROTOS = `
syntax = "proto3";
package tensorboard;
import "google/protobuf/struct.proto";

message Event {
  double wall_time = 1;
  int64 step = 2;
  oneof what {
    string file_version = 3;
    Summary summary = 5;
  }
}

message SummaryMetadata {
  message PluginData {
    string plugin_name = 1;
    bytes content = 2;
  }
  PluginData plugin_data = 1;
}

message Summary {
  message Value {
    string tag = 1;
    SummaryMetadata metadata = 9;
    oneof value {
      float simple_value = 2;
    }
  }
  repeated Value value = 1;
}

message HParamsPluginData {
  int32 version = 1;
  oneof data {
    Experiment experiment = 2;
    SessionStartInfo session_start_info = 3;
    SessionEndInfo session_end_info = 4;
  }
}

message Experiment {
  repeated HParamInfo hparam_infos = 4;
  repeated MetricInfo metric_infos = 5;
}

message HParamInfo {
  string name = 1;
  DataType type = 4;
}

enum DataType {
  DATA_TYPE_UNSET = 0;
  DATA_TYPE_STRING = 1;
  DATA_TYPE_BOOL = 2;
  DATA_TYPE_FLOAT64 = 3;
}

message MetricName {
  string group = 1;
  string tag = 2;
}

message MetricInfo {
  MetricName name = 1;
}

message SessionStartInfo {
  map<string, google.protobuf.Value> hparams = 1;
  double start_time_secs = 5;
}

message SessionEndInfo {
  Status status = 1;
  double end_time_secs = 2;
}

enum Status {
  STATUS_UNKNOWN = 0;
  STATUS_SUCCESS = 1;
  STATUS_FAILURE = 2;
  STATUS_RUNNING = 3;
}
`;

const root = (() => {
  const r = new protobuf.Root();
  protobuf.parse(PROTOS, r);
  const struct = protobuf.common.get('google/protobuf/struct.proto');
  if (!struct?.nested) throw new Error('protobufjs lacks google/protobuf/struct.proto');
  r.addJSON(struct.nested);
  r.resolveAll();
  return r;
})();
const EventType = root.lookupType('tensorboard.Event');
const PluginDataType = root.lookupType('tensorboard.HParamsPluginData');

/** The first record of every event file: which format follows. */
export const FILE_VERSION = 'brain.Event:2';
/** The hparams plugin's name, schema version and tags (tensorboard/plugins/hparams/metadata.py). */
export const HPARAMS_PLUGIN = 'hparams';
export const HPARAMS_TAGS = {
  experiment: '_hparams_/experiment',
  sessionStart: '_hparams_/session_start_info',
  sessionEnd: '_hparams_/session_end_info',
} as const;

/** The hparams plugin's session status (api.proto's Status). */
export type SessionStatus = 'STATUS_UNKNOWN' | 'STATUS_SUCCESS' | 'STATUS_FAILURE';

export type HParamValue = number | string | boolean;

function eventRecord(event: Record<string, unknown>): Uint8Array {
  return tfRecord(EventType.encode(EventType.fromObject(event)).finish());
}

/** Wall times are seconds since the epoch, as doubles. */
const seconds = (ms: number) => ms / 1000;

export function fileVersionRecord(wallTimeMs: number): Uint8Array {
  return eventRecord({ wallTime: seconds(wallTimeMs), fileVersion: FILE_VERSION });
}

/** A scalar as SummaryWriter.add_scalar writes it by default: a float32 simple_value. */
export function scalarRecord(
  wallTimeMs: number,
  step: number,
  tag: string,
  value: number,
): Uint8Array {
  return eventRecord({
    wallTime: seconds(wallTimeMs),
    step,
    summary: { value: [{ tag, simpleValue: value }] },
  });
}

function pluginRecord(wallTimeMs: number, tag: string, data: Record<string, unknown>): Uint8Array {
  const content = PluginDataType.encode(
    PluginDataType.fromObject({ version: 0, ...data }),
  ).finish();
  return eventRecord({
    wallTime: seconds(wallTimeMs),
    summary: {
      value: [{ tag, metadata: { pluginData: { pluginName: HPARAMS_PLUGIN, content } } }],
    },
  });
}

function hparamType(value: HParamValue): string {
  if (typeof value === 'number') return 'DATA_TYPE_FLOAT64';
  return typeof value === 'boolean' ? 'DATA_TYPE_BOOL' : 'DATA_TYPE_STRING';
}

function structValue(value: HParamValue): Record<string, HParamValue> {
  if (typeof value === 'number') return { numberValue: value };
  return typeof value === 'boolean' ? { boolValue: value } : { stringValue: value };
}

/**
 * The experiment record that TensorBoard's HPARAMS tab reads, as torch.utils.tensorboard's
 * hparams() builds it: each hyperparameter with its type, and the metric tags (scalars of the
 * same run) to show beside them.
 */
export function experimentRecord(
  wallTimeMs: number,
  hparams: Record<string, HParamValue>,
  metricTags: string[],
): Uint8Array {
  return pluginRecord(wallTimeMs, HPARAMS_TAGS.experiment, {
    experiment: {
      hparamInfos: Object.entries(hparams).map(([name, value]) => ({
        name,
        type: hparamType(value),
      })),
      metricInfos: metricTags.map((tag) => ({ name: { tag } })),
    },
  });
}

/** The session's hyperparameter values and start time. */
export function sessionStartRecord(
  wallTimeMs: number,
  hparams: Record<string, HParamValue>,
): Uint8Array {
  return pluginRecord(wallTimeMs, HPARAMS_TAGS.sessionStart, {
    sessionStartInfo: {
      hparams: Object.fromEntries(
        Object.entries(hparams).map(([name, value]) => [name, structValue(value)]),
      ),
      startTimeSecs: seconds(wallTimeMs),
    },
  });
}

export function sessionEndRecord(wallTimeMs: number, status: SessionStatus): Uint8Array {
  return pluginRecord(wallTimeMs, HPARAMS_TAGS.sessionEnd, {
    sessionEndInfo: { status, endTimeSecs: seconds(wallTimeMs) },
  });
}
