import type { LineReading } from '../workers/protocol';
import { percent, shownLabel } from './confusionView';

/** The recognized text, then each character's top guesses at its window or time step. */
export function LineReadingView({ reading }: { reading: LineReading }) {
  const where = reading.decoding === 'ctc' ? 'step' : 'window';
  return (
    <div className="line-reading">
      <output className="recognized mono" aria-label="Recognized text">
        {reading.text === '' ? '(no characters recognized)' : reading.text}
      </output>
      {reading.positions.length > 0 && (
        <ol className="line-positions" aria-label="Per-position probabilities">
          {reading.positions.map((p) => (
            <li key={p.step}>
              <span className="muted small">
                {where} {p.step}
              </span>
              {p.top.map((t) => (
                <span key={t.index} className={t.index === p.top[0].index ? 'top' : 'muted'}>
                  <span className="mono">{shownLabel(t.label)}</span> {percent(t.probability)}
                </span>
              ))}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
