import type { ExperimentConfig } from '../config';
import type { Manifest } from '../data/manifest';

/**
 * The SHA-256 of every file a run's data comes from, by path, so a re-run can tell whether it
 * reads the same data: the data class's own dataset, the glyph source of a line dataset, and
 * the text corpora lines are drawn from.
 */
export function datasetChecksums(
  manifest: Manifest,
  config: ExperimentConfig,
): Record<string, string> {
  const names = new Set([config.data_class, String(config.glyph_source ?? '')]);
  const paths: string[] = [];
  for (const entry of manifest.datasets) {
    if (!names.has(entry.name)) continue;
    for (const split of Object.values(entry.splits))
      if (split) paths.push(split.images, split.labels);
  }
  if (config.data_class === 'EMNISTLines') paths.push(...manifest.corpora.map((c) => c.file));
  return Object.fromEntries(
    paths.filter((p) => manifest.files[p]).map((p) => [p, manifest.files[p].sha256]),
  );
}
