import type { FormEvent } from 'react';
import { generalFlags } from '../engine/config';
import { startRun } from './commands';
import { changeFlag, fieldErrors, type Query, queryForUrl, specsFor } from './configForm';
import { FlagField } from './FlagField';
import { useStudio } from './store';

interface Props {
  query: Query;
  onQueryChange: (query: Query) => void;
}

const CLASS_FLAGS = new Set(['data_class', 'model_class']);
const GENERAL = new Set(generalFlags.map((f) => f.name));

/** The run_experiment flags as a form; the App keeps them in the URL query. */
export function ExperimentPanel({ query, onQueryChange }: Props) {
  const status = useStudio((s) => s.run.status);
  const specs = specsFor(query);
  const errors = fieldErrors(query, specs);
  const invalid = Object.keys(errors).length > 0;
  const busy = status === 'running' || status === 'paused';
  const classSpecs = specs.filter((s) => CLASS_FLAGS.has(s.name) || !GENERAL.has(s.name));
  const trainingSpecs = specs.filter((s) => GENERAL.has(s.name) && !CLASS_FLAGS.has(s.name));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!invalid && !busy) void startRun(queryForUrl(query, specs));
  };
  const field = (spec: (typeof specs)[number]) => (
    <FlagField
      key={spec.name}
      spec={spec}
      value={query[spec.name] ?? ''}
      error={errors[spec.name]}
      onChange={(value) => onQueryChange(changeFlag(query, spec.name, value))}
    />
  );

  return (
    <section aria-labelledby="experiment-title" className="panel experiment">
      <h2 id="experiment-title">Experiment</h2>
      <p className="lead">
        Pick a dataset and a model, then click <strong>Train</strong>. Empty fields use the lab’s
        defaults; the settings are saved in the page’s link, so you can share a run.
      </p>
      <form onSubmit={submit} noValidate>
        <div className="actions">
          <button type="submit" className="primary" disabled={invalid || busy}>
            Train
          </button>
          <span className="muted">
            {busy
              ? 'A run is in progress: pause or stop it in Run.'
              : invalid
                ? 'Fix the highlighted fields to train.'
                : 'Tip: limit_train_batches 50 and max_epochs 1 give a result in seconds.'}
          </span>
        </div>
        <fieldset>
          <legend>Data and model</legend>
          <div className="fields">{classSpecs.map(field)}</div>
        </fieldset>
        <fieldset>
          <legend>Training</legend>
          <div className="fields">{trainingSpecs.map(field)}</div>
        </fieldset>
      </form>
    </section>
  );
}
