import type { SampleImage } from '../workers/protocol';
import { ImageCanvas } from './ImageCanvas';

interface Props {
  dataset: string;
  mapping: string[];
  samples?: SampleImage[];
}

/** Sample images per class, upright, one labelled row per class in the mapping's order. */
export function SampleGrid({ dataset, mapping, samples }: Props) {
  const byLabel = new Map<string, SampleImage[]>();
  for (const sample of samples ?? []) {
    byLabel.set(sample.label, [...(byLabel.get(sample.label) ?? []), sample]);
  }
  const labels = mapping.filter((label) => byLabel.has(label));
  return (
    <figure className="sample-grid" aria-label={`Samples of ${dataset}`}>
      {!samples && <p className="empty">Loading samples…</p>}
      {labels.map((label) => (
        <div key={label} className="class-cell">
          <span className="class-label">{label === ' ' ? '␣' : label}</span>
          <div className="class-images">
            {byLabel.get(label)?.map((sample) => (
              <ImageCanvas
                key={sample.index}
                image={sample.image}
                label={`${dataset} sample of ${label}`}
                size={36}
              />
            ))}
          </div>
        </div>
      ))}
    </figure>
  );
}
