import { type FormEvent, useEffect, useId, useState } from 'react';
import type { AugmentOptions } from '../engine/data/augment';
import { AUGMENT_DEFAULTS, AUGMENT_FLAG_OF, dataClassFlags } from '../engine/data/dataFlags';
import { loadAugmentPreview } from './commands';
import { flagLabel } from './flagLabels';
import { ImageCanvas } from './ImageCanvas';
import { useStudio } from './store';

type Option = keyof typeof AUGMENT_FLAG_OF;
type Field = (typeof AUGMENT_FLAG_OF)[Option];
const OPTIONS = Object.keys(AUGMENT_FLAG_OF) as Option[];
const FIELDS = OPTIONS.map((option) => AUGMENT_FLAG_OF[option]);
const specOf = (field: Field) => dataClassFlags('EMNIST').find((f) => f.name === field);

/** Training images of `dataset` before and after augmentation, with its parameters to try. */
export function AugmentPreview({ dataset }: { dataset: string }) {
  const preview = useStudio((s) => s.augmentPreview);
  const [text, setText] = useState<Record<Field, string>>(
    () =>
      Object.fromEntries(FIELDS.map((f) => [f, String(AUGMENT_DEFAULTS[f])])) as Record<
        Field,
        string
      >,
  );
  const [seed, setSeed] = useState(1);
  const [busy, setBusy] = useState(false);
  const ids = useId();
  const shown = preview?.dataset === dataset ? preview : undefined;

  const options = (): AugmentOptions =>
    Object.fromEntries(
      OPTIONS.map((option) => [option, Number(text[AUGMENT_FLAG_OF[option]])]),
    ) as unknown as AugmentOptions;

  const draw = async (nextSeed: number) => {
    setBusy(true);
    await loadAugmentPreview(dataset, options(), nextSeed);
    setBusy(false);
  };

  // Once per dataset shown; afterwards on request.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the options are read when asked
  useEffect(() => {
    void draw(1);
  }, [dataset]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSeed(seed + 1);
    void draw(seed + 1);
  };

  return (
    <section className="augment-preview" aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`}>Augmentation</h3>
      <p className="muted small">
        What <span className="mono">augment</span> (Experiment, Advanced) does to training images:
        every epoch draws new rotations, shears, sizes, shifts and stroke widths from the run's
        seed, within these bounds.
      </p>
      <form className="augment-controls" onSubmit={submit}>
        {FIELDS.map((field) => {
          const spec = specOf(field);
          return (
            <label key={field} htmlFor={`${ids}-${field}`}>
              <span>{flagLabel(field)}</span>
              <input
                id={`${ids}-${field}`}
                type="number"
                step="any"
                min={spec?.min}
                max={spec?.max}
                required
                value={text[field]}
                onChange={(e) => setText({ ...text, [field]: e.currentTarget.value })}
              />
            </label>
          );
        })}
        <button type="submit" disabled={busy}>
          {busy ? 'Drawing…' : 'Draw again'}
        </button>
      </form>
      {shown && 'error' in shown && (
        <p role="alert" className="error small">
          {shown.error}
        </p>
      )}
      {shown && 'before' in shown && (
        <figure
          className="augment-pairs"
          aria-label={`${dataset} training images before and after augmentation`}
        >
          {(['before', 'after'] as const).map((row) => (
            <div key={row} className="augment-row">
              <span className="augment-row-label">{row === 'before' ? 'Before' : 'After'}</span>
              <div className="class-images">
                {shown[row].map((sample) => (
                  <ImageCanvas
                    key={sample.index}
                    image={sample.image}
                    label={`${dataset} training image ${sample.index + 1} (${sample.label}) ${row} augmentation`}
                    size={48}
                  />
                ))}
              </div>
            </div>
          ))}
        </figure>
      )}
    </section>
  );
}
