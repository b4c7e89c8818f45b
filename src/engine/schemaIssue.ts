/**
 * Valibot issues as one line a user can act on: the field's path (`meta.epoch`,
 * `weights[2].shape`), what it must be, and a short preview of what it held.
 */
import * as v from 'valibot';

const PREVIEW_CHARS = 60;

function pathText(issue: v.BaseIssue<unknown>, root: string): string {
  const path = issue.path;
  if (!path || path.length === 0) return root;
  // Object issues (a missing or unknown field) name the field itself, not a record's key.
  const keyIssue = issue.type !== 'object' && issue.type !== 'strict_object';
  let text = '';
  for (const item of path) {
    const key = item.key;
    const step =
      typeof key === 'number'
        ? `[${key}]`
        : typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)
          ? `.${key}`
          : `[${preview(key)}]`;
    text += keyIssue && 'origin' in item && item.origin === 'key' ? ` key ${preview(key)}` : step;
  }
  return text.startsWith('.') ? text.slice(1) : text;
}

/** JSON-like and short: a hostile value may be megabytes long. */
export function preview(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}...` : text;
}

export interface SchemaProblem {
  field: string;
  text: string;
}

/** The first issue of `issues` (parse with abortEarly), e.g. "meta.epoch must be ..., got -5". */
export function describeIssue(root: string, issue: v.BaseIssue<unknown>): SchemaProblem {
  const field = pathText(issue, root);
  const objectIssue = issue.type === 'object' || issue.type === 'strict_object';
  if (objectIssue && issue.path && issue.input === undefined) {
    return { field, text: `${field} is missing` };
  }
  if (objectIssue && issue.path && issue.expected === 'never') {
    return { field, text: `${field} is not a field ${root} may have` };
  }
  return { field, text: `${field} ${issue.message}, got ${preview(issue.input)}` };
}

/** Parses `input`; on the first problem calls `fail`, which throws the caller's typed error. */
export function parseWith<S extends v.GenericSchema>(
  schema: S,
  input: unknown,
  root: string,
  fail: (problem: SchemaProblem) => never,
): v.InferOutput<S> {
  const result = v.safeParse(schema, input, { abortEarly: true });
  if (result.success) return result.output;
  return fail(describeIssue(root, result.issues[0]));
}
