import { describe, expect, it } from 'vitest';
import { lookalikesIn } from './lookalikes';

describe('lookalikesIn', () => {
  it('names the top class and its look-alikes among the top classes', () => {
    expect(lookalikesIn(['O', 'Q', '0', 'D', 'o'])).toEqual(['O', '0', 'o']);
    expect(lookalikesIn(['c', 'e', 'C'])).toEqual(['c', 'C']);
    expect(lookalikesIn(['5', 'S', '3'])).toEqual(['5', 'S']);
  });

  it('stays quiet when the top class has no look-alike below it', () => {
    expect(lookalikesIn(['A', 'O', '0'])).toBeUndefined();
    expect(lookalikesIn(['0', '6', '8'])).toBeUndefined();
    expect(lookalikesIn([])).toBeUndefined();
  });
});
