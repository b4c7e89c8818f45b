import type * as tf from '@tensorflow/tfjs';

export interface LayerSummary {
  name: string;
  type: string;
  outputShape: (number | null)[];
  params: number;
}

export interface ModelSummary {
  layers: LayerSummary[];
  totalParams: number;
  trainableParams: number;
  /** float32 weights, as Lightning's "Total estimated model params size (MB)". */
  sizeMB: number;
}

/** Per-layer name, type, output shape and parameter count, like Lightning's ModelSummary. */
export function summarizeModel(model: tf.LayersModel): ModelSummary {
  // A functional model lists its input as a layer; Lightning's summary lists modules only.
  const modules = model.layers.filter((layer) => layer.getClassName() !== 'InputLayer');
  const layers = modules.map((layer) => ({
    name: layer.name,
    type: layer.getClassName(),
    outputShape: layer.outputShape as (number | null)[],
    params: layer.countParams(),
  }));
  const trainableParams = model.trainableWeights.reduce((n, w) => n + sizeOf(w.shape), 0);
  const totalParams = layers.reduce((n, l) => n + l.params, 0);
  return { layers, totalParams, trainableParams, sizeMB: (totalParams * 4) / 1e6 };
}

function sizeOf(shape: (number | null)[]): number {
  return shape.reduce<number>((n, d) => n * (d ?? 1), 1);
}

/** A fixed-width table for consoles, in the style of Lightning's summary printout. */
export function formatSummary(summary: ModelSummary): string {
  const rows = summary.layers.map((l, i) => [
    String(i),
    l.name,
    l.type,
    `[${l.outputShape.map((d) => d ?? 'B').join(', ')}]`,
    formatCount(l.params),
  ]);
  const header = ['', 'Name', 'Type', 'Output shape', 'Params'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => cell.padEnd(widths[c])).join(' | ');
  const rule = '-'.repeat(widths.reduce((a, b) => a + b + 3, -3));
  return [
    line(header),
    rule,
    ...rows.map(line),
    rule,
    `${formatCount(summary.trainableParams).padEnd(10)} Trainable params`,
    `${formatCount(summary.totalParams - summary.trainableParams).padEnd(10)} Non-trainable params`,
    `${formatCount(summary.totalParams).padEnd(10)} Total params`,
    `${summary.sizeMB.toFixed(3).padEnd(10)} Total estimated model params size (MB)`,
  ].join('\n');
}

function formatCount(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} K`;
  return String(n);
}
