import { useEffect, useRef, useState } from 'react';
import { preprocessDrawing } from '../engine/data/preprocess';
import { clearPrediction, predict, randomTestSample } from './commands';
import { DrawingPad, PAD_SIDE } from './DrawingPad';
import { ImageCanvas } from './ImageCanvas';
import { LookalikeNote, Predictions } from './Predictions';
import { sectionHref } from './sections';
import { useStudio } from './store';
import { rasterizeForModel, type Stroke } from './strokes';
import { TaskStatus } from './TaskStatus';
import { TestSampleCard } from './TestSampleCard';

/**
 * Draw a character, see the 28x28 input the model gets and its top 5 guesses as you draw;
 * or probe it with a real test image, as the lab does.
 */
export function Playground({ dataClass }: { dataClass: string }) {
  const model = useStudio((s) => s.loadedModel);
  const prediction = useStudio((s) => s.prediction);
  const [strokes, setStrokes] = useState<Stroke[]>([]);
  const [input, setInput] = useState<Float32Array | null>(null);
  const pacing = useRef({ frame: 0, inFlight: false, again: false });
  // The scheduled update reads the newest drawing from here, not from the render that
  // scheduled it: strokes keep changing while a frame or a predict is pending.
  const latest = useRef({ strokes, model });
  latest.current = { strokes, model };

  // Preprocess at most once a frame and keep at most one predict in flight; the newest
  // drawing always gets a prediction once the previous one has answered.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each new drawing or model; the update reads both from `latest`
  useEffect(() => {
    const state = pacing.current;
    const update = async () => {
      state.frame = 0;
      if (state.inFlight) {
        state.again = true;
        return;
      }
      const current = latest.current;
      const image =
        current.strokes.length > 0
          ? preprocessDrawing(rasterizeForModel(current.strokes, PAD_SIDE))
          : null;
      setInput(image);
      if (!image) return clearPrediction();
      if (!current.model) return;
      state.inFlight = true;
      await predict(image.slice());
      state.inFlight = false;
      if (state.again) {
        state.again = false;
        state.frame = requestAnimationFrame(() => void update());
      }
    };
    if (!state.frame) state.frame = requestAnimationFrame(() => void update());
  }, [strokes, model]);

  const sampleClass = model?.dataClass ?? dataClass;
  return (
    <section aria-labelledby="playground-title" className="panel playground">
      <h2 id="playground-title">Playground</h2>
      <p className="lead">
        {model ? (
          <>
            Draw a character on the pad: <span className="mono">{model.runName}</span> guesses as
            you draw.
          </>
        ) : (
          <>
            No model loaded yet: <a href={sectionHref('train')}>train one</a>, or load a stored one
            in <a href={sectionHref('checkpoints')}>Checkpoints</a>. You can already draw and see
            what a model would get.
          </>
        )}
      </p>
      <TaskStatus task="loadModel" label="Model loading" />
      <div className="play-grid">
        <div className="pad-column">
          <DrawingPad strokes={strokes} setStrokes={setStrokes} />
          <div className="pad-actions">
            <button type="button" onClick={() => setStrokes([])} disabled={strokes.length === 0}>
              Clear
            </button>
            <button
              type="button"
              onClick={() => setStrokes((s) => s.slice(0, -1))}
              disabled={strokes.length === 0}
            >
              Undo
            </button>
          </div>
        </div>
        <div className="model-view">
          <h3>What the model sees</h3>
          <ImageCanvas image={input ?? undefined} label="Model input" size={112} />
          <p className="muted small">
            Cropped, scaled to 20×20 and centred in 28×28, like the dataset.
          </p>
        </div>
        <div className="guesses">
          <h3>Top 5</h3>
          {prediction ? (
            <Predictions prediction={prediction} label="Predictions" />
          ) : (
            <p className="empty boxed">
              {model ? 'Draw to see the guesses.' : 'Load a model to see guesses.'}
            </p>
          )}
          <LookalikeNote prediction={prediction} />
        </div>
      </div>
      <div className="sample-row">
        <button type="button" onClick={() => void randomTestSample(sampleClass)}>
          Random test sample
        </button>
        <span className="muted small">
          A real {sampleClass} test image, with its label{model ? ' and the model’s guess' : ''}.
        </span>
      </div>
      <TestSampleCard />
    </section>
  );
}
