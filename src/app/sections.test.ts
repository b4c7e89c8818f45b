import { describe, expect, it } from 'vitest';
import { sectionFromHash, sectionHref } from './sections';

describe('sectionFromHash', () => {
  it('reads the section a link names, with or without a slash', () => {
    expect(sectionFromHash('#playground')).toBe('playground');
    expect(sectionFromHash('#/checkpoints')).toBe('checkpoints');
    expect(sectionFromHash('#Errors')).toBe('errors');
  });

  it('opens Train for an empty or unknown hash', () => {
    expect(sectionFromHash('')).toBe('train');
    expect(sectionFromHash('#nowhere')).toBe('train');
    expect(sectionFromHash('#constructor')).toBe('train');
  });

  it('round-trips every section through its link', () => {
    for (const id of [
      'train',
      'playground',
      'errors',
      'lines',
      'runs',
      'sweeps',
      'checkpoints',
      'data',
    ] as const) {
      expect(sectionFromHash(sectionHref(id))).toBe(id);
    }
  });
});
