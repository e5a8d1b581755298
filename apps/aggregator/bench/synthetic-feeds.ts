// Deterministic synthetic RSS feeds for the bench: realistic sizes (titles of ~10 words,
// summaries of ~35 words with some HTML), four languages, feed categories from the taxonomy,
// and every item distinct so nothing is skipped as unchanged or grouped by accident.
const WORDS: Record<string, string[]> = {
  en: 'harbour council storm ferry bridge tide research vessel marine biologists colony survey energy barrage salmon court startup panels quay investment winter bookings operators northern routes fares autumn league striker winner table header minute substitute'.split(' '),
  de: 'Trainerin Nationalmannschaft Rücktritt Verband Nachfolge Derby Nachspielzeit Rückstand Pause Sieg Willens Handball Löwen Spitzenspiel Torhüter Würfe Fans Winterbahn Holzbahn Karten Sprinterinnen Ländern Abende Sonntagmorgen überraschend beraten'.split(' '),
  es: 'museo puerto faros obras lentes diarios fareros maqueta escala isla entrada gratuita cosecha aceite oliva lluvias otoño cooperativas precio supermercados Navidad costes transporte aviso viento costa rachas olas paseos'.split(' '),
  fr: 'abeilles visages chercheurs photographies yeux bouche Vénus jours orbite Soleil tour chaleur sommet centimètres flamants poussins pigments algues crevettes couleur mois anecdote étonnante journée année lentement'.split(' '),
};
const CATEGORIES = ['Science', 'Politics', 'Business', 'Fußball', 'Cultura', 'Animaux', 'Tiempo', 'Handball', 'Espace'];

function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// Each language's seed words plus pseudo-words built from them, so the vocabulary is large
// (thousands of words) like real news and unrelated items overlap as little as real ones do.
function vocabulary(seedWords: readonly string[], random: () => number): string[] {
  const out = [...seedWords];
  for (let i = 0; i < 3000; i++) {
    const a = seedWords[Math.floor(random() * seedWords.length)] ?? 'a';
    const b = seedWords[Math.floor(random() * seedWords.length)] ?? 'b';
    out.push(`${a.slice(0, 2 + (i % 4))}${b.slice(-3 - (i % 3))}`.toLowerCase());
  }
  return out;
}

export function syntheticFeed(feedIndex: number, itemCount: number, now: number): string {
  const random = prng(feedIndex + 1);
  const language = Object.keys(WORDS)[feedIndex % 4] ?? 'en';
  const words = vocabulary(WORDS[language] ?? [], prng(language.charCodeAt(0) * 31 + language.charCodeAt(1)));
  const pick = () => words[Math.floor(random() * words.length)] ?? '';
  const sentence = (n: number) => Array.from({ length: n }, pick).join(' ');
  const items = Array.from({ length: itemCount }, (_, i) => {
    const title = `${sentence(9)} ${feedIndex}-${i}`;
    const summary = `<p>${sentence(20)} <strong>${sentence(3)}</strong> ${sentence(12)} ${i}.</p>`;
    const published = new Date(now - Math.floor(random() * 12 * 3_600_000)).toUTCString();
    return `<item><title>${escapeXml(title)}</title><link>https://bench-${feedIndex}.example/a/${i}?utm_source=rss</link>`
      + `<guid>b-${feedIndex}-${i}</guid><pubDate>${published}</pubDate><category>${CATEGORIES[i % CATEGORIES.length]}</category>`
      + `<description>${escapeXml(summary)}</description></item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench ${feedIndex}</title>`
    + `<link>https://bench-${feedIndex}.example/</link><description>synthetic</description>${feedIndex % 2 === 0 ? `<language>${language}</language>` : ''}`
    + `${items.join('')}</channel></rss>`;
}
