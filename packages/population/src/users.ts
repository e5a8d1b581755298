// Simulated users: a public profile (what users-cdc would publish: languages, country,
// declared interests, age band, time zone) and hidden preferences that only the click model
// knows: a weight per category (a few strong ones), a taste for some sources, an activity level.
// Declared interests overlap the true favourites only partly, as in real sign-up forms.
import { AGE_BANDS } from '@tessera/contracts/schemas/user-profile';
import type { UserAttributes } from '@tessera/contracts/schemas/user-profile';
import { mulberry32 } from '@tessera/ranking/random';
import { CATEGORIES, LANGUAGES } from './catalogue.js';

export interface SimUser {
  readonly userId: string;
  readonly deviceId: string;
  readonly profile: UserAttributes;
  readonly hidden: {
    /** Category slug -> preference 0..1 (absent = 0). */
    readonly categories: ReadonlyMap<string, number>;
    readonly sources: ReadonlyMap<string, number>;
    /** Relative activity (unlocks per hour scale). */
    readonly activity: number;
  };
}

const ZONES: Record<(typeof LANGUAGES)[number], string> = { en: 'Europe/London', de: 'Europe/Berlin', es: 'Europe/Madrid', fr: 'Europe/Paris' };
const COUNTRY: Record<(typeof LANGUAGES)[number], string> = { en: 'GB', de: 'DE', es: 'ES', fr: 'FR' };

export function generateUsers(options: { users: number; seed: number; createdAtMs: number; sources?: number }): SimUser[] {
  const random = mulberry32(options.seed ^ 0x5bd1e995);
  return Array.from({ length: options.users }, (_, u) => {
    const language = LANGUAGES[Math.floor(random() * LANGUAGES.length)]!;
    const categories = new Map<string, number>();
    const favourites = 2 + Math.floor(random() * 3);
    while (categories.size < favourites) categories.set(CATEGORIES[Math.floor(random() * CATEGORIES.length)]!.slug, 0.5 + random() * 0.5);
    const sources = new Map<string, number>();
    for (let i = 0; i < 2; i += 1) sources.set(`src-${1 + Math.floor(random() * (options.sources ?? 24))}`, random());
    const declared = [...categories.keys()].filter(() => random() < 0.5);
    if (random() < 0.3) declared.push(CATEGORIES[Math.floor(random() * CATEGORIES.length)]!.slug);
    const profile: UserAttributes = {
      createdAt: options.createdAtMs,
      updatedAt: options.createdAtMs,
      ageBand: AGE_BANDS[1 + Math.floor(random() * (AGE_BANDS.length - 1))]!,
      country: COUNTRY[language],
      languages: random() < 0.15 ? [language, language === 'en' ? 'de' : 'en'] : [language],
      interests: [...new Set(declared)],
      timeZone: ZONES[language],
    };
    return {
      userId: `sim-u${u + 1}`,
      deviceId: `sim-d${u + 1}`,
      profile,
      hidden: { categories, sources, activity: 0.2 + Math.pow(random(), 2) * 2 },
    };
  });
}
