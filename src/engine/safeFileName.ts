/**
 * `name` as a download's file name: letters, digits, `.`, `_` and `-` only, no leading dot or
 * underscore, so a run name from a stored or imported record never becomes a path.
 */
export function safeFileName(name: string, fallback = 'file'): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '') || fallback;
}
