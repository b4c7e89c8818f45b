import type { MisclassifiedImage } from '../workers/protocol';
import { percent, shownLabel } from './confusionView';
import { ImageCanvas } from './ImageCanvas';

/** The model's most confident mistakes on the test split, as the images it read. */
export function MisclassifiedGallery({ examples }: { examples: MisclassifiedImage[] }) {
  if (examples.length === 0) {
    return <p className="empty boxed">No test image was misclassified.</p>;
  }
  return (
    <figure className="gallery" aria-label="Misclassified test images">
      <figcaption>
        Misclassified test images ({examples.length}): true → predicted, the model’s probability,
        most confident mistakes first
      </figcaption>
      <ul>
        {examples.map((m) => {
          const where = m.position === undefined ? '' : ` position ${m.position}`;
          const text = `true ${shownLabel(m.trueLabel)}, predicted ${shownLabel(m.predictedLabel)} (${percent(m.probability)})`;
          return (
            <li key={`${m.index}-${m.position ?? 0}`}>
              <ImageCanvas
                image={m.image}
                label={`Test image ${m.index}${where}: ${text}`}
                size={56}
              />
              <span className="mono" aria-hidden="true">
                {shownLabel(m.trueLabel)} →{' '}
                <strong className="wrong">{shownLabel(m.predictedLabel)}</strong>
              </span>
              <span className="muted small">{percent(m.probability)}</span>
            </li>
          );
        })}
      </ul>
    </figure>
  );
}
