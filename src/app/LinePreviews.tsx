import { useEffect, useId, useState } from 'react';
import { loadLinePreviews } from './commands';
import { ImageCanvas } from './ImageCanvas';
import { useStudio } from './store';

const PREVIEW_COUNT = 4;

/** EMNISTLines as the line models see it: generated lines and the text drawn in each. */
export function LinePreviews() {
  const lines = useStudio((s) => s.linePreviews);
  const emnist = useStudio((s) => s.datasets?.some((d) => d.name === 'EMNIST') ?? false);
  const [glyphs, setGlyphs] = useState<'MNIST' | 'EMNIST'>('MNIST');
  const [maxOverlap, setMaxOverlap] = useState(0.33);
  const [busy, setBusy] = useState(false);
  const ids = useId();

  const generate = async () => {
    setBusy(true);
    await loadLinePreviews({ count: PREVIEW_COUNT, glyph_source: glyphs, max_overlap: maxOverlap });
    setBusy(false);
  };

  // MNIST glyphs are built in, so a fresh install shows lines at once.
  useEffect(() => {
    void loadLinePreviews({ count: PREVIEW_COUNT, glyph_source: 'MNIST' });
  }, []);

  return (
    <div className="line-previews">
      <div className="confusion-controls">
        <label htmlFor={`${ids}-glyphs`}>Glyphs</label>
        <select
          id={`${ids}-glyphs`}
          value={glyphs}
          onChange={(e) => setGlyphs(e.currentTarget.value as 'MNIST' | 'EMNIST')}
        >
          <option value="MNIST">MNIST digits</option>
          <option value="EMNIST" disabled={!emnist}>
            EMNIST, Brown text{emnist ? '' : ' (import first)'}
          </option>
        </select>
        <label htmlFor={`${ids}-overlap`}>Max overlap</label>
        <input
          id={`${ids}-overlap`}
          type="number"
          min={0}
          max={0.9}
          step={0.05}
          value={maxOverlap}
          onChange={(e) => setMaxOverlap(Number(e.currentTarget.value))}
        />
        <button type="button" disabled={busy} onClick={() => void generate()}>
          Generate lines
        </button>
      </div>
      {lines ? (
        <figure className="line-figure" aria-label="Generated lines">
          <figcaption>
            Generated lines ({glyphs === 'MNIST' ? 'MNIST digits' : 'EMNIST'})
          </figcaption>
          <ul>
            {lines.map((line, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a batch of lines is replaced as a whole
              <li key={i}>
                <div className="line-scroll">
                  <ImageCanvas
                    image={line.image}
                    columns={896}
                    size={28}
                    label={`Line: ${line.text}`}
                  />
                </div>
                <span className="mono small">“{line.text}”</span>
              </li>
            ))}
          </ul>
        </figure>
      ) : (
        <p className="empty boxed">Generating lines…</p>
      )}
    </div>
  );
}
