import { useEffect, useState } from 'react';
import { type SectionId, sectionFromHash } from './sections';

/**
 * The section the URL's hash names, following the back and forward buttons. After a change
 * (not on the first load) focus moves to the new section's heading, so a screen reader says
 * where the user is and Tab continues from there.
 */
export function useSection(): SectionId {
  const [section, setSection] = useState(() => sectionFromHash(window.location.hash));
  useEffect(() => {
    const follow = () => {
      const next = sectionFromHash(window.location.hash);
      setSection(next);
      requestAnimationFrame(() => {
        window.scrollTo({ top: 0 });
        const heading = document.querySelector<HTMLElement>(`#section-${next} h2`);
        if (!heading) return;
        heading.tabIndex = -1;
        heading.focus({ preventScroll: true });
      });
    };
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return section;
}
