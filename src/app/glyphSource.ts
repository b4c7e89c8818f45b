import type { GlyphSource } from '../engine/data/dataFlags';
import type { DatasetSummary } from '../workers/protocol';

/**
 * The glyphs EMNISTLines should draw from in this browser: EMNIST once it is imported, else
 * MNIST, which is always bundled (the engine's default, EMNIST, fails on a fresh install).
 */
export function availableGlyphSource(datasets: readonly DatasetSummary[] | undefined): GlyphSource {
  return datasets?.some((d) => d.name === 'EMNIST') ? 'EMNIST' : 'MNIST';
}

/** A new run's flags with glyph_source set to what exists when an EMNISTLines run leaves it out. */
export function withAvailableGlyphs(
  config: Record<string, string>,
  datasets: readonly DatasetSummary[] | undefined,
): Record<string, string> {
  if (config.data_class !== 'EMNISTLines' || config.glyph_source) return config;
  return { ...config, glyph_source: availableGlyphSource(datasets) };
}
