import type { Prediction } from '../workers/protocol';
import { lookalikesIn } from './lookalikes';

const shown = (label: string) => (label === ' ' ? '␣' : label);

/** The top classes with their probabilities, as "A 87.1%", with a bar each. */
export function Predictions({ prediction, label }: { prediction: Prediction; label: string }) {
  return (
    <ol className="predictions" aria-label={label}>
      {prediction.top.map((p) => {
        const percent = (p.probability * 100).toFixed(1);
        return (
          <li key={p.index}>
            <span className="pred-label">{shown(p.label)}</span>{' '}
            <span className="pred-value">{percent}%</span>
            <span className="pred-bar" aria-hidden="true">
              <span style={{ transform: `scaleX(${p.probability})` }} />
            </span>
          </li>
        );
      })}
    </ol>
  );
}

/** The lab's lesson when the model hesitates between characters that look the same alone. */
export function LookalikeNote({ prediction }: { prediction?: Prediction }) {
  const group = prediction && lookalikesIn(prediction.top.map((p) => p.label));
  if (!group) return null;
  const names = group.map((l) => `“${shown(l)}”`);
  const list = `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return (
    <p className="note">
      {list} are look-alikes: written alone they are nearly the same shape, even for people. Only
      context (the rest of the word) tells them apart, which is why the lab moves on to lines of
      text.
    </p>
  );
}
