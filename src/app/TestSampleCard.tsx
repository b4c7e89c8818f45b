import { ImageCanvas } from './ImageCanvas';
import { LookalikeNote, Predictions } from './Predictions';
import { useStudio } from './store';

/** A real test image with its true label and, when a model is loaded, the model's guesses. */
export function TestSampleCard() {
  const sample = useStudio((s) => s.testSample);
  if (!sample) return null;
  const top = sample.prediction?.top[0];
  const verdict = top ? (top.label === sample.label ? 'right' : 'wrong') : undefined;
  return (
    <div className="sample-card">
      <ImageCanvas image={sample.image} label={`Test sample, labelled ${sample.label}`} size={84} />
      <div>
        <p>
          True label <strong className="big">{sample.label}</strong>
          {top && (
            <>
              {' '}
              · model says <strong className="big">{top.label}</strong>{' '}
              <span className={`badge ${verdict === 'right' ? 'finished' : 'error'}`}>
                {verdict}
              </span>
            </>
          )}
        </p>
        {sample.prediction && (
          <>
            <Predictions prediction={sample.prediction} label="Guesses for the test sample" />
            <LookalikeNote prediction={sample.prediction} />
          </>
        )}
      </div>
    </div>
  );
}
