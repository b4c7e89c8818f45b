/** The files a download of a stored checkpoint consists of; the page saves them. */
import { zipSync } from 'fflate';
import { decodeCheckpoint } from '../engine/checkpoint/format';
import { restoreModel } from '../engine/checkpoint/moduleState';
import { exportTfjsModel, WEIGHTS_FILE } from '../engine/checkpoint/tfjsExport';
import { onnxExport } from '../engine/onnx/onnxExport';
import { pytorchExport } from '../engine/pytorch/pytorchExport';
import { checkpointFileName, onnxFileName, pytorchZipName, tfjsZipName } from './checkpointRecord';
import type { CheckpointRecord, ExportFormat, Requests } from './protocol';

export type ExportedFile = Requests['exportCheckpoint']['result']['files'][number];

function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  return (
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
      ? bytes.buffer
      : bytes.slice().buffer
  ) as ArrayBuffer;
}

/**
 * 'ckpt': the checkpoint file as stored, named `<runName>-epoch<N>.ckpt`. 'tfjs': a plain
 * TensorFlow.js layers model (model.json + weights.bin, probabilities out, mapping inside) in
 * one zip named `<runName>-epoch-<N>-tfjs.zip`: one download, and the two files stay together.
 * 'pytorch': the PyTorch export (../engine/pytorch/pytorchExport.ts) as one folder in a zip.
 * 'onnx': an ONNX model (../engine/onnx/onnxExport.ts).
 */
export async function exportFiles(
  stored: { record: CheckpointRecord; bytes: Uint8Array },
  format: ExportFormat,
): Promise<ExportedFile[]> {
  const { record, bytes } = stored;
  if (format === 'ckpt') {
    return [
      {
        name: checkpointFileName(record),
        mime: 'application/octet-stream',
        bytes: ownBuffer(bytes),
      },
    ];
  }
  const where = `checkpoint "${record.id}"`;
  const checkpoint = decodeCheckpoint(bytes, where);
  if (format === 'onnx') {
    const onnx = onnxExport(checkpoint);
    return [
      { name: onnxFileName(record), mime: 'application/octet-stream', bytes: ownBuffer(onnx) },
    ];
  }
  if (format === 'pytorch') {
    // One folder in the zip: model.py, data.py, train.py, the safetensors files, README.md.
    const folder = pytorchZipName(record).replace(/\.zip$/, '');
    const entries = Object.entries(pytorchExport(checkpoint)).map(([file, content]) => [
      `${folder}/${file}`,
      typeof content === 'string' ? new TextEncoder().encode(content) : content,
    ]);
    const zip = zipSync(Object.fromEntries(entries), { level: 0 });
    return [{ name: pytorchZipName(record), mime: 'application/zip', bytes: ownBuffer(zip) }];
  }
  if (format !== 'tfjs')
    throw new Error(`Unknown export format '${format}': use 'ckpt', 'tfjs', 'pytorch' or 'onnx'.`);
  const model = await restoreModel(checkpoint, where);
  try {
    const files = await exportTfjsModel(model, checkpoint.meta.mapping, {
      run: record.runName,
      epoch: record.epoch,
      checkpoint: record.id,
    });
    // Stored, not deflated: float weights barely compress, and the zip is made at once.
    const zip = zipSync(
      {
        'model.json': new TextEncoder().encode(JSON.stringify(files.modelJson)),
        [WEIGHTS_FILE]: files.weightsBin,
      },
      { level: 0 },
    );
    return [{ name: tfjsZipName(record), mime: 'application/zip', bytes: ownBuffer(zip) }];
  } finally {
    model.dispose();
  }
}
