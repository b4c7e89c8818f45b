import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedEmnistDir } from '../../testing/sharedDatasets';
import { EMNIST_MAPPING, emnistLabelToToken, NUM_SPECIAL_TOKENS, PADDING } from './emnistMapping';

describe('EMNIST_MAPPING', () => {
  it('has the lab’s 83 tokens: specials, 62 characters, 17 punctuation marks', () => {
    expect(EMNIST_MAPPING).toHaveLength(83);
    expect(new Set(EMNIST_MAPPING).size).toBe(83);
    expect(EMNIST_MAPPING[PADDING]).toBe('<P>');
    expect(EMNIST_MAPPING.slice(0, NUM_SPECIAL_TOKENS)).toEqual(['<B>', '<S>', '<E>', '<P>']);
    expect(EMNIST_MAPPING.slice(66).join('')).toBe(' !"#&\'()*+,-./:;?');
  });

  const shared = sharedEmnistDir();
  it.skipIf(shared === null)('agrees with NIST’s emnist-byclass-mapping.txt', () => {
    const lines = readFileSync(join(shared as string, 'emnist-byclass-mapping.txt'), 'utf8')
      .trim()
      .split('\n');
    expect(lines).toHaveLength(62);
    for (const line of lines) {
      const [label, ascii] = line.trim().split(/\s+/).map(Number);
      expect(EMNIST_MAPPING[emnistLabelToToken(label)]).toBe(String.fromCharCode(ascii));
    }
  });
});
