import { SECTIONS, type SectionId, sectionHref } from './sections';

/** The studio's sections as links (each its own URL); the current one is marked for screen readers. */
export function SectionNav({ current }: { current: SectionId }) {
  return (
    <nav className="section-nav" aria-label="Sections">
      <ul>
        {SECTIONS.map(({ id, title }) => (
          <li key={id}>
            <a href={sectionHref(id)} aria-current={id === current ? 'page' : undefined}>
              {title}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
