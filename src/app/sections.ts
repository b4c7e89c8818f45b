/** The studio's sections, each with its own URL (`#playground`); the experiment stays in the query. */
export const SECTIONS = [
  { id: 'train', title: 'Train' },
  { id: 'playground', title: 'Playground' },
  { id: 'errors', title: 'Errors' },
  { id: 'lines', title: 'Lines' },
  { id: 'runs', title: 'Runs' },
  { id: 'sweeps', title: 'Sweeps' },
  { id: 'checkpoints', title: 'Checkpoints' },
  { id: 'data', title: 'Data' },
] as const;

export type SectionId = (typeof SECTIONS)[number]['id'];

const IDS = new Set<string>(SECTIONS.map((s) => s.id));

/** The section a URL hash names; an empty or unknown hash opens Train, where a run starts. */
export function sectionFromHash(hash: string): SectionId {
  const id = hash.replace(/^#\/?/, '').toLowerCase();
  return IDS.has(id) ? (id as SectionId) : 'train';
}

export const sectionHref = (id: SectionId) => `#${id}`;
