import type { Query } from './configForm';
import { activePreset, PRESETS, presetQuery } from './presets';
import { sectionHref } from './sections';
import { useStudio } from './store';

interface Props {
  query: Query;
  onQueryChange: (query: Query) => void;
  disabled: boolean;
}

/** Ready-made experiments, one click each; one that needs a dataset not imported yet says where to get it. */
export function Presets({ query, onQueryChange, disabled }: Props) {
  const datasets = useStudio((s) => s.datasets);
  const names = datasets?.map((d) => d.name) ?? [];
  const active = activePreset(query);
  return (
    <fieldset className="presets">
      <legend>Start from a preset</legend>
      <ul>
        {PRESETS.map((preset) => {
          const missing = preset.needs && datasets && !names.includes(preset.needs);
          const descriptionId = `preset-${preset.id}-description`;
          return (
            <li key={preset.id}>
              <button
                type="button"
                aria-pressed={active?.id === preset.id}
                aria-describedby={descriptionId}
                disabled={disabled || !!missing}
                onClick={() => onQueryChange(presetQuery(preset, query, names))}
              >
                {preset.title}
              </button>
              <small id={descriptionId} className="help">
                {preset.description}
                {missing && (
                  <>
                    {' '}
                    Needs {preset.needs}: <a href={sectionHref('data')}>import it in Data</a>.
                  </>
                )}
              </small>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
