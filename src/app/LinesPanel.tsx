import { useState } from 'react';
import { preprocessLine } from '../engine/data/linePreprocess';
import { clearLineReading, readLine } from './commands';
import { DrawingPad } from './DrawingPad';
import { ImageCanvas } from './ImageCanvas';
import { LinePreviews } from './LinePreviews';
import { LineReadingView } from './LineReadingView';
import { useStudio } from './store';
import { rasterizeLine, type Stroke } from './strokes';

/** Pad pixels: wide enough for a short word or number, tall enough to write comfortably. */
const LINE_PAD_WIDTH = 960;
const LINE_PAD_HEIGHT = 160;

/** Lines of text: what EMNISTLines generates, and a pad a line model reads. */
export function LinesPanel() {
  const model = useStudio((s) => s.loadedModel);
  const reading = useStudio((s) => s.lineReading);
  const [strokes, setStrokes] = useState<Stroke[]>([]);
  const [input, setInput] = useState<Float32Array | null>(null);
  const [busy, setBusy] = useState(false);
  const lineModel = model?.dataClass === 'EMNISTLines';

  const read = async () => {
    const line = preprocessLine(rasterizeLine(strokes, LINE_PAD_WIDTH, LINE_PAD_HEIGHT));
    setInput(line?.pixels ?? null);
    if (!line) return;
    setBusy(true);
    await readLine(line.pixels.slice());
    setBusy(false);
  };

  const clear = () => {
    setStrokes([]);
    setInput(null);
    clearLineReading();
  };

  return (
    <section aria-labelledby="lines-title" className="panel lines">
      <h2 id="lines-title">Lines</h2>
      <p className="lead">
        A single character is ambiguous; a line gives context. EMNISTLines draws lines of up to 32
        characters from glyphs, overlapping by a random amount per line.
      </p>
      <LinePreviews />
      <h3>Write a line</h3>
      <p className="muted">
        {lineModel ? (
          <>
            Write a short word or number, then <strong>Read line</strong>:{' '}
            <span className="mono">{model?.runName}</span> reads it. Leave a little space between
            characters.
          </>
        ) : (
          <>
            Reading a line needs a line model: in Experiment, set <code>data_class</code> to{' '}
            <code>EMNISTLines</code> and <code>model_class</code> to <code>LineCNNSimple</code>,
            train, and the model is loaded when the run ends. Its lines are drawn from MNIST digits
            until EMNIST is imported in the <a href="#data">Data panel</a>.
          </>
        )}
      </p>
      <DrawingPad
        strokes={strokes}
        setStrokes={setStrokes}
        width={LINE_PAD_WIDTH}
        height={LINE_PAD_HEIGHT}
        label="Line drawing pad"
        className="pad line-pad"
      />
      <div className="pad-actions">
        <button type="button" onClick={clear} disabled={strokes.length === 0}>
          Clear line
        </button>
        <button
          type="button"
          onClick={() => void read()}
          disabled={!lineModel || strokes.length === 0 || busy}
        >
          Read line
        </button>
      </div>
      {input && (
        <div>
          <h3>What the model sees</h3>
          <div className="line-scroll">
            <ImageCanvas image={input} columns={896} size={28} label="Line model input" />
          </div>
        </div>
      )}
      {reading && <LineReadingView reading={reading} />}
    </section>
  );
}
