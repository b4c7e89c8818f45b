import { useEffect, useId, useState } from 'react';
import type { GlyphSource } from '../engine/data/dataFlags';
import { loadLinePreviews } from './commands';
import { availableGlyphSource } from './glyphSource';
import { ImageCanvas } from './ImageCanvas';
import { useStudio } from './store';

const PREVIEW_COUNT = 4;

const GLYPH_NAMES: Record<GlyphSource, string> = {
  MNIST: 'MNIST digits',
  EMNIST: 'EMNIST, Brown text',
};

/** EMNISTLines as the line models see it: generated lines and the text drawn in each. */
export function LinePreviews() {
  const preview = useStudio((s) => s.linePreviews);
  const datasets = useStudio((s) => s.datasets);
  const emnist = datasets?.some((d) => d.name === 'EMNIST') ?? false;
  const available = availableGlyphSource(datasets);
  // What the user picked; until then, whatever this browser has (EMNIST once imported).
  const [picked, setPicked] = useState<GlyphSource>();
  const glyphs = picked ?? available;
  const [maxOverlap, setMaxOverlap] = useState(0.33);
  const [busy, setBusy] = useState(false);
  const ids = useId();
  const known = datasets !== undefined;

  const generate = async () => {
    setBusy(true);
    await loadLinePreviews({ count: PREVIEW_COUNT, glyph_source: glyphs, max_overlap: maxOverlap });
    setBusy(false);
  };

  // Lines at once, from the glyphs that exist, once the page knows which do.
  useEffect(() => {
    if (known && !picked) void loadLinePreviews({ count: PREVIEW_COUNT, glyph_source: available });
  }, [known, available, picked]);

  return (
    <div className="line-previews">
      <div className="confusion-controls">
        <label htmlFor={`${ids}-glyphs`}>Glyphs</label>
        <select
          id={`${ids}-glyphs`}
          value={glyphs}
          onChange={(e) => setPicked(e.currentTarget.value as GlyphSource)}
        >
          <option value="MNIST">{GLYPH_NAMES.MNIST}</option>
          <option value="EMNIST" disabled={!emnist}>
            {GLYPH_NAMES.EMNIST}
            {emnist ? '' : ' (import first)'}
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
        {known && !emnist && (
          <a className="small" href="#data">
            Import EMNIST in the Data panel for letters
          </a>
        )}
      </div>
      {preview && 'error' in preview ? (
        <div className="boxed line-preview-error" role="alert">
          <p>
            <strong>Could not generate {GLYPH_NAMES[preview.glyphs]} lines:</strong> {preview.error}
          </p>
          {preview.glyphs === 'EMNIST' && !emnist && (
            <p>
              <a href="#data">Go to the EMNIST importer in the Data panel</a>, or pick MNIST digits.
            </p>
          )}
        </div>
      ) : preview ? (
        <figure className="line-figure" aria-label="Generated lines">
          <figcaption>Generated lines ({GLYPH_NAMES[preview.glyphs]})</figcaption>
          <ul>
            {preview.lines.map((line, i) => (
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
