import { useEffect, useState } from 'react';

interface ManifestSummary {
  datasets: { name: string; splits: Record<string, { count: number }> }[];
}

/**
 * The studio's first screen: the datasets the engine can train on. Training in the page
 * (worker, charts, checkpoints) arrives with the studio issue; the CLI trains today.
 */
export function App() {
  const [manifest, setManifest] = useState<ManifestSummary>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    fetch('/datasets/manifest.json')
      .then((r) => {
        if (!r.ok) throw new Error(`manifest.json answered ${r.status}; run npm run datasets.`);
        return r.json();
      })
      .then(setManifest, (e: Error) => setError(e.message));
  }, []);

  return (
    <main
      style={{
        fontFamily: 'system-ui, sans-serif',
        maxWidth: 720,
        margin: '2rem auto',
        padding: '0 1rem',
      }}
    >
      <h1>Inklab</h1>
      <p>A handwriting-recognition training studio that runs in your browser.</p>
      <h2>Datasets</h2>
      {error && <p role="alert">{error}</p>}
      {!manifest && !error && <p>Loading the dataset manifest…</p>}
      <ul>
        {manifest?.datasets.map((d) => (
          <li key={d.name}>
            {d.name}:{' '}
            {Object.entries(d.splits)
              .map(([split, s]) => `${s.count.toLocaleString()} ${split}`)
              .join(', ')}
          </li>
        ))}
      </ul>
      <p>
        Train from a terminal with <code>npm run experiment -- --model_class CNN</code>; the in-page
        studio is next.
      </p>
    </main>
  );
}
