// What a shop writes about its customers, for the customer-memory benchmark: short Dutch and
// English notes from templates over a vocabulary of products, materials, authors and places,
// some with accents (crème brûlée, café, Zoë), so that words are common (sourdough, "de"),
// middling (velvet) or rare (one author). Deterministic for a PRNG.
import { intBelow, pickOne } from './stats.js';

export const PRODUCTS = [
  'sourdough', 'rye', 'spelt', 'croissant', 'baguette', 'brioche', 'ciabatta', 'focaccia', 'stroopwafels', 'speculaas',
  'ontbijtkoek', 'appeltaart', 'kwarktaart', 'tompouce', 'eclair', 'macarons', 'gâteau', 'crème brûlée', 'paté', 'quiche',
  'sofa', 'armchair', 'chesterfield', 'bookcase', 'sideboard', 'dresser', 'lamp', 'rug', 'mirror', 'daybed',
  'gazelle', 'batavus', 'fixie', 'randonneur', 'bakfiets', 'tandem', 'saddle', 'panniers',
  'poetry', 'novel', 'atlas', 'cookbook', 'biography', 'thriller', 'dichtbundel', 'prentenboek',
  'cardigan', 'jumper', 'scarf', 'trenchcoat', 'loafers', 'beret', 'overhemd', 'jurk',
  'coffee', 'espresso', 'thee', 'kaas', 'oude kaas', 'olijfolie', 'honing', 'jam', 'wijn', 'cider',
  'tulpen', 'rozen', 'orchidee', 'bonsai', 'vetplant', 'bloembollen',
] as const;

export const MATERIALS = [
  'velvet', 'linen', 'oak', 'walnut', 'leather', 'vintage', 'antique', 'wool', 'cashmere', 'organic', 'gluten-free',
  'sugar-free', 'vegan', 'blue', 'red', 'green', 'mosterdgeel', 'zwart', 'wit', 'small', 'large', 'sliced', 'whole',
  'volkoren', 'glutenvrij', 'suikervrij', 'biologisch', 'tweedehands', 'handgemaakt', 'naïef',
] as const;

export const AUTHORS = [
  'Mulisch', 'Reve', 'Hermans', 'Kopland', 'Nooteboom', 'Claus', 'Hertmans', 'Lanoye', 'Vestdijk', 'Couperus',
  'Multatuli', 'Schmidt', 'Biesheuvel', 'Haasse', 'Wolkers', 'Campert', 'Vasalis', 'Gezelle', 'Elsschot', 'Boon',
  'Márquez', 'Brontë', 'Dostojevski', 'Čapek', 'Hašek', 'Müller', 'Böll', 'Grünberg', 'Øyehaug', 'Saramago',
] as const;

export const PLACES = [
  'Texel', 'Ameland', 'Zeeland', 'Limburg', 'Ardennen', 'Gent', 'Brugge', 'België', 'Curaçao', 'Bonaire',
  'Mallorca', 'Toscane', 'Provence', 'Bretagne', 'Kreta', 'Lissabon', 'Kopenhagen', 'Wenen', 'Praag', 'Zürich',
] as const;

const PEOPLE = ['dochter', 'zoon', 'kleindochter', 'kleinzoon', 'man', 'vrouw', 'buurvrouw', 'daughter', 'son', 'husband', 'wife', 'Zoë', 'Noël', 'Anaïs'];
const DAYS = ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag', 'Saturdays', 'Sundays', 'mornings'];
const PROBLEMS = ['was oudbakken', 'was te droog', 'was kapot', 'kwam te laat', 'was the wrong size', 'was stale', 'arrived damaged', 'had a stain'];
const FILLERS = [
  'Komt altijd op {day}.', 'Betaalt graag contant.', 'Pays by card.', 'Parks the bike outside.', 'Heeft een hond, Bobbie.',
  'Vraagt altijd naar de {person}.', 'Was op vakantie in {place}.', 'Net terug uit {place}.', 'Werkt in het café om de hoek.',
  'Coördineert de buurtvereniging.', 'Geïnteresseerd in {author}.', 'Leest graag {author}.', 'Likes to chat about the weather.',
  'Heeft één kleinkind.', 'Geeft de voorkeur aan papieren bon.',
];

const fill = (random: () => number, template: string) =>
  template
    .replace('{day}', () => pickOne(random, DAYS))
    .replace('{person}', () => pickOne(random, PEOPLE))
    .replace('{place}', () => pickOne(random, PLACES))
    .replace('{author}', () => pickOne(random, AUTHORS));

/** Products by popularity: a few are in many notes, most in few (roughly Zipf). */
export function product(random: () => number): string {
  return PRODUCTS[Math.floor(PRODUCTS.length * random() ** 2.2)]!;
}

const material = (random: () => number) => MATERIALS[Math.floor(MATERIALS.length * random() ** 1.6)]!;

export type BenchKind = 'note' | 'conversation' | 'complaint' | 'feedback' | 'wish' | 'contact';

export function entryText(random: () => number, kind: BenchKind): string {
  const extra = () => (random() < 0.5 ? ` ${fill(random, pickOne(random, FILLERS))}` : '');
  switch (kind) {
    case 'note':
      return pickOne(random, [
        () => `Always takes the ${product(random)}, sliced.${extra()}`,
        () => `Neemt altijd ${product(random)} mee, ${material(random)}.${extra()}`,
        () => `Prefers ${material(random)} ${product(random)} on ${pickOne(random, DAYS)}.${extra()}`,
        () => `${fill(random, pickOne(random, FILLERS))}${extra()}`,
        () => `De ${pickOne(random, PEOPLE)} houdt van ${product(random)} en ${product(random)}.`,
      ])();
    case 'conversation':
      return `Gesprek over ${pickOne(random, ['de vakantie in', 'een reis naar', 'familie in', 'the trip to'])} ${pickOne(random, PLACES)} en ${product(random)}.${extra()}`;
    case 'complaint':
      return `De ${product(random)} ${pickOne(random, PROBLEMS)}.${extra()}`;
    case 'feedback':
      return `${pickOne(random, ['Loved the', 'Vond de', 'Enjoyed the', 'Not happy with the'])} ${material(random)} ${product(random)}.`;
    case 'wish':
      return random() < 0.3
        ? `Wil het nieuwe boek van ${pickOne(random, AUTHORS)} zodra het er is.`
        : `Asked for a ${material(random)} ${material(random)} ${product(random)}.${extra()}`;
    case 'contact':
      return `Told about the new ${product(random)}.`;
  }
}

export function factText(random: () => number): string {
  return pickOne(random, [
    () => `Allergic to ${pickOne(random, ['nuts', 'noten', 'gluten', 'lactose', 'pinda’s', 'sesam'])}`,
    () => `Always the ${product(random)}, sliced`,
    () => `Spreekt liever ${pickOne(random, ['Engels', 'Frans', 'Duits'])}`,
    () => `Slechthorend: rustig en duidelijk praten`,
    () => `Rolstoel: de zijdeur gebruiken`,
    () => `Verzamelt ${product(random)}`,
  ])();
}

export const TAGS = [
  'poetry', 'gluten-free', 'vintage bikes', 'velvet', 'antiques', 'sourdough', 'vegan', 'kaas', 'wijn', 'thrillers',
  'kinderboeken', 'kookboeken', 'bloemen', 'bonsai', 'koffie', 'thee', 'taarten op bestelling', 'catering', 'horeca',
  'vaste klant', 'nieuwsbrief', 'verjaardagskalender', 'zakelijk', 'bezorging', 'leesclub', 'breiclub', 'tuin', 'design',
  'retro', 'kunst', 'muziek', 'vinyl', 'fotografie', 'wandelen', 'fietsen', 'hardlopen', 'yoga', 'honden', 'katten',
] as const;

/** What the counter types when looking for "who wrote what": whole words, word starts, two words, accents left off. */
export function noteQueries(random: () => number, count: number): { set: string; query: string }[] {
  const out: { set: string; query: string }[] = [];
  const sets = ['word', 'prefix', 'two words', 'no accents', 'rare'] as const;
  for (let i = 0; i < count; i++) {
    const set = sets[i % sets.length]!;
    let query: string;
    switch (set) {
      case 'word':
        query = pickOne(random, [product(random), material(random), pickOne(random, PLACES)]).split(' ')[0]!;
        break;
      case 'prefix': {
        const word = pickOne(random, [product(random), material(random)]).split(' ')[0]!;
        query = word.slice(0, 3 + intBelow(random, 3));
        break;
      }
      case 'two words':
        query = `${material(random)} ${product(random)}`;
        break;
      case 'no accents':
        query = pickOne(random, ['creme brulee', 'brulee', 'gateau', 'pate', 'cafe', 'naief', 'zoe', 'belgie', 'curacao', 'bronte',
          'capek', 'hasek', 'muller', 'boll', 'grunberg', 'oyehaug', 'geinteresseerd', 'coordineert', 'marquez', 'anais']);
        break;
      case 'rare':
        query = `${pickOne(random, AUTHORS).toLowerCase()}`;
        break;
    }
    out.push({ set, query: random() < 0.2 ? query.toUpperCase() : query });
  }
  return out;
}
