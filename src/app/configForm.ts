import {
  ConfigError,
  flagsFor,
  generalFlags,
  parseValue,
  resolveConfig,
  serializeConfig,
} from '../engine/config';
import type { FlagSpec } from '../engine/flagSpec';
import { flagLabel } from './flagLabels';

/** The experiment as the URL query holds it: CLI flag names, raw text as typed. */
export type Query = Record<string, string>;

/** A general flag's default, as text (the one place defaults live is the flag specs). */
export const defaultOf = (name: string) =>
  String(generalFlags.find((f) => f.name === name)?.default);

/** The flags of the chosen classes; unknown class names fall back to the defaults' flags. */
export function specsFor(query: Query): FlagSpec[] {
  try {
    return flagsFor(
      query.data_class || defaultOf('data_class'),
      query.model_class || defaultOf('model_class'),
    );
  } catch {
    // The data_class / model_class fields show parseValue's message for the bad name.
    return flagsFor(defaultOf('data_class'), defaultOf('model_class'));
  }
}

/** The page's own parameters (see testHooks.ts), not experiment flags. */
export const TEST_HOOKS_PARAM = 'testHooks';
export const WATCHDOG_PARAM = 'watchdogMs';
const PAGE_PARAMS = new Set([TEST_HOOKS_PARAM, WATCHDOG_PARAM]);

/** Splits a link's query into the flags this form knows and the names it does not. */
export function readQuery(search: string): { query: Query; unknown: string[] } {
  const params = Object.fromEntries(new URLSearchParams(search));
  const known = new Set(specsFor(params).map((s) => s.name));
  const query: Query = {};
  const unknown: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (known.has(name)) query[name] = value;
    else if (!PAGE_PARAMS.has(name)) unknown.push(name);
  }
  return { query, unknown };
}

/**
 * The message for each field whose text does not parse (an empty field means the default), in
 * the form's words: the field's label, not the CLI's flag.
 */
export function fieldErrors(query: Query, specs: FlagSpec[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const spec of specs) {
    const raw = query[spec.name];
    if (raw === undefined || raw === '') continue;
    try {
      parseValue(spec, raw, flagLabel(spec.name));
    } catch (error) {
      errors[spec.name] = error instanceof ConfigError ? error.message : String(error);
    }
  }
  return errors;
}

/** Sets one flag; changing a class drops the flags the new classes do not have. */
export function changeFlag(query: Query, name: string, value: string): Query {
  const next: Query = { ...query, [name]: value };
  if (value === '') delete next[name];
  if (name !== 'data_class' && name !== 'model_class') return next;
  const known = new Set(specsFor(next).map((s) => s.name));
  return Object.fromEntries(Object.entries(next).filter(([flag]) => known.has(flag)));
}

/**
 * What the URL and the start command carry: the CLI's serialization (defaults left out) when
 * the form is valid, the text as typed otherwise so a reload keeps it. `backend` is kept even
 * at the CLI's default: in the page, no backend means "the best this browser has".
 */
export function queryForUrl(query: Query, specs: FlagSpec[]): Query {
  const typed = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== ''));
  if (Object.keys(fieldErrors(typed, specs)).length > 0) return typed;
  const serialized = serializeConfig(resolveConfig(typed, specs), specs);
  delete serialized.backend;
  return typed.backend ? { ...serialized, backend: typed.backend } : serialized;
}
