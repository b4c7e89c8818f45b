import { useEffect, useRef, useState } from 'react';
import { AugmentPreview } from './AugmentPreview';
import { loadSamples } from './commands';
import { EmnistImport } from './EmnistImport';
import { splitText } from './reducer';
import { SampleGrid } from './SampleGrid';
import { useStudio } from './store';

/** Many classes get fewer samples each so the grid stays a screenful. */
const perClass = (classes: number) => (classes > 20 ? 3 : 8);

/** The datasets this browser can train on, what their images look like, and EMNIST import. */
export function DataPanel() {
  const datasets = useStudio((s) => s.datasets);
  const samples = useStudio((s) => s.samples);
  const [chosen, setChosen] = useState<string>();
  const shown = datasets?.find((d) => d.name === chosen) ?? datasets?.[0];
  // Asked once per dataset (an import replaces the entry and its samples are asked again).
  const asked = useRef(new Set<unknown>());

  useEffect(() => {
    if (!shown || samples[shown.name] || asked.current.has(shown)) return;
    asked.current.add(shown);
    void loadSamples(shown.name, perClass(shown.mapping.length));
  }, [shown, samples]);

  return (
    <section aria-labelledby="data-title" className="panel data">
      <h2 id="data-title">Data</h2>
      <p className="lead">
        What the models learn from: 28×28 grayscale images of handwriting, one class per character.
        Pick a dataset in Experiment as <span className="mono">data_class</span>.
      </p>
      {!datasets && <p className="empty boxed">Loading the datasets…</p>}
      <div className="dataset-list">
        {datasets?.map((d) => (
          <button
            type="button"
            key={d.name}
            className="dataset-card"
            aria-pressed={d.name === shown?.name}
            onClick={() => setChosen(d.name)}
          >
            <strong>{d.name}</strong>
            <span className="muted small">
              {d.mapping.length} classes · {d.origin === 'bundled' ? 'built in' : 'imported'}
            </span>
            <span className="small">{splitText(d.splits)}</span>
          </button>
        ))}
      </div>
      {shown && (
        <SampleGrid dataset={shown.name} mapping={shown.mapping} samples={samples[shown.name]} />
      )}
      {shown && <AugmentPreview dataset={shown.name} />}
      <EmnistImport />
    </section>
  );
}
