import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { porterStem } from './porter-stemmer';

const fx = JSON.parse(
  readFileSync(new URL('../test/fixtures/porter-nltk.json', import.meta.url), 'utf8'),
) as {
  words: string[];
  stems: string[];
};

describe('porterStem matches NLTK 3.8 PorterStemmer (NLTK_EXTENSIONS)', () => {
  it(`agrees on all ${fx.words.length} fixture words`, () => {
    const wrong: string[] = [];
    fx.words.forEach((w, i) => {
      const got = porterStem(w);
      if (got !== fx.stems[i]) wrong.push(`${w}: got ${got}, NLTK ${fx.stems[i]}`);
    });
    expect(wrong).toEqual([]);
    expect(fx.words.length).toBeGreaterThan(10000);
  });
  it('handles the NLTK irregular forms and short words', () => {
    expect(porterStem('skies')).toBe('sky');
    expect(porterStem('dying')).toBe('die');
    expect(porterStem('innings')).toBe('inning');
    expect(porterStem('ab')).toBe('ab');
    expect(porterStem('Running')).toBe('run');
  });
});
