import { type MouseEvent, type ReactNode, useEffect, useState } from 'react';
import { CheckpointsPanel } from './CheckpointsPanel';
import { defaultOf, type Query, queryForUrl, readQuery, specsFor } from './configForm';
import { DataPanel } from './DataPanel';
import { ErrorBoundary } from './ErrorBoundary';
import { ErrorsPanel } from './ErrorsPanel';
import { ExperimentPanel } from './ExperimentPanel';
import { Header } from './Header';
import { LinesPanel } from './LinesPanel';
import { Messages } from './Messages';
import { Playground } from './Playground';
import { RunPanel } from './RunPanel';
import { RunsPanel } from './RunsPanel';
import { SectionNav } from './SectionNav';
import { SweepsPanel } from './SweepsPanel';
import type { SectionId } from './sections';
import { dispatch } from './store';
import { useSection } from './useSection';

const fromLink = readQuery(window.location.search);

/**
 * The studio: one section per job, each with its own URL hash; the experiment's flags live in
 * the URL query. Hidden sections stay mounted, so a drawing or a scroll position survives a
 * visit to another section.
 */
export function App() {
  const [query, setQuery] = useState<Query>(fromLink.query);
  const section = useSection();

  useEffect(() => {
    if (fromLink.unknown.length === 0) return;
    dispatch({
      type: 'notice',
      kind: 'error',
      text: `The link's ${fromLink.unknown.join(', ')} ${fromLink.unknown.length > 1 ? 'are not flags' : 'is not a flag'} of this experiment and ${fromLink.unknown.length > 1 ? 'were' : 'was'} ignored.`,
    });
  }, []);

  // replaceState: editing a field should not add a history entry per keystroke. The hash
  // (the section) is kept.
  useEffect(() => {
    const params = new URLSearchParams(queryForUrl(query, specsFor(query))).toString();
    const { pathname, hash } = window.location;
    window.history.replaceState(null, '', `${params ? `?${params}` : pathname}${hash}`);
  }, [query]);

  const part = (id: SectionId, children: ReactNode) => (
    <div id={`section-${id}`} className={`section section-${id}`} hidden={section !== id}>
      {children}
    </div>
  );

  return (
    <>
      {/* biome-ignore lint/a11y/useValidAnchor: a skip link is a link; the click keeps the hash, which names the section */}
      <a className="skip-link" href="#main-content" onClick={skipToContent}>
        Skip to content
      </a>
      <Header query={query} />
      <SectionNav current={section} />
      <Messages />
      <main id="main-content" className="studio" tabIndex={-1}>
        {part(
          'train',
          <>
            <ErrorBoundary what="The Experiment panel">
              <ExperimentPanel query={query} onQueryChange={setQuery} />
            </ErrorBoundary>
            <ErrorBoundary what="The Run panel">
              <RunPanel />
            </ErrorBoundary>
          </>,
        )}
        {part(
          'playground',
          <ErrorBoundary what="The Playground">
            <Playground dataClass={query.data_class || defaultOf('data_class')} />
          </ErrorBoundary>,
        )}
        {part(
          'errors',
          <ErrorBoundary what="The Errors panel">
            <ErrorsPanel />
          </ErrorBoundary>,
        )}
        {part(
          'lines',
          <ErrorBoundary what="The Lines panel">
            <LinesPanel />
          </ErrorBoundary>,
        )}
        {part(
          'runs',
          <ErrorBoundary what="The Runs panel">
            <RunsPanel />
          </ErrorBoundary>,
        )}
        {part(
          'sweeps',
          <ErrorBoundary what="The Sweeps panel">
            <SweepsPanel query={query} />
          </ErrorBoundary>,
        )}
        {part(
          'checkpoints',
          <ErrorBoundary what="The Checkpoints panel">
            <CheckpointsPanel query={query} />
          </ErrorBoundary>,
        )}
        {part(
          'data',
          <ErrorBoundary what="The Data panel">
            <DataPanel />
          </ErrorBoundary>,
        )}
      </main>
    </>
  );
}

/** The skip link moves focus into the content without changing the hash (which names a section). */
function skipToContent(event: MouseEvent) {
  event.preventDefault();
  document.getElementById('main-content')?.focus();
}
