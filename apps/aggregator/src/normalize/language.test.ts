import { describe, expect, it } from 'vitest';
import { canonicalLanguage, detectLanguages } from './language.js';

describe('canonicalLanguage', () => {
  it('reduces tags to language[-Script] in canonical case', () => {
    expect(canonicalLanguage('en-gb')).toBe('en');
    expect(canonicalLanguage('DE_de')).toBe('de');
    expect(canonicalLanguage('zh-hant-tw')).toBe('zh-Hant');
    expect(canonicalLanguage('not a tag')).toBeUndefined();
  });
});

describe('detectLanguages', () => {
  it.each([
    ['Die Trainerin der Nationalmannschaft hat am Sonntagmorgen überraschend ihren Rücktritt erklärt.', 'de'],
    ['Las cooperativas esperan que el precio en los supermercados baje antes de Navidad.', 'es'],
    ['Vénus tourne si lentement sur elle-même qu\'il lui faut 243 jours terrestres pour faire un tour.', 'fr'],
    ['Marine biologists have filmed a colony of bioluminescent shrimp around a hydrothermal vent.', 'en'],
  ])('detects the language of undeclared text: %s', (text, language) => {
    expect(detectLanguages({ text })).toEqual([language]);
  });

  it('trusts configuration over the feed, and the feed over detection', () => {
    const text = 'Las cooperativas esperan que el precio en los supermercados baje antes de Navidad.';
    expect(detectLanguages({ configured: ['ca', 'es-ES'], declared: 'en', text })).toEqual(['ca', 'es']);
    expect(detectLanguages({ declared: 'pt-BR', text })).toEqual(['pt']);
  });

  it('says undetermined rather than guessing from a few letters', () => {
    expect(detectLanguages({ text: '2:1 (OT)' })).toEqual(['und']);
  });
});
