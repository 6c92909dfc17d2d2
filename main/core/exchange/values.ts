import { fold } from '../text.js';

// Cell values as spreadsheets hold them, turned into what a customer field takes.

/**
 * A cell as typed: trimmed, and without the apostrophe our own CSV writer (and spreadsheets)
 * put before text starting with = + - @ so it is not run as a formula.
 */
export function cleanCell(raw: string | undefined): string {
  const text = (raw ?? '').trim();
  return /^'[=+\-@]/.test(text) ? text.slice(1) : text;
}

const key = (text: string) => fold(text).replace(/[^a-z0-9]+/g, ' ').trim();

const YES = new Set(['ja', 'j', 'yes', 'y', 'true', 'waar', '1', 'x', 'v', 'subscribed', 'opted in', 'opt in', 'aan', 'on', 'akkoord', 'wel']);
const NO = new Set(['nee', 'n', 'no', 'false', 'onwaar', '0', 'unsubscribed', 'opted out', 'opt out', 'unknown', 'onbekend', 'uit', 'off', 'niet', 'geen']);

/** Yes/no in Dutch or English, Square's "Subscribed"/"Unsubscribed", a tick: null when it is neither. */
export function parseYesNo(text: string): boolean | null {
  if (text === '' || text === '✓' || text === '✔') return text !== '';
  // Most cells are a plain "ja", "nee", "yes": no need to fold them.
  const lower = text.toLowerCase();
  if (YES.has(lower)) return true;
  if (NO.has(lower)) return false;
  const k = key(text);
  if (YES.has(k)) return true;
  if (NO.has(k)) return false;
  return null;
}

export type ChannelValue = 'phone' | 'whatsapp' | 'sms' | 'email' | 'in_person';

const CHANNELS = new Map<string, ChannelValue>(Object.entries({
  phone: 'phone', telefoon: 'phone', bellen: 'phone', tel: 'phone', call: 'phone', mobiel: 'phone',
  whatsapp: 'whatsapp', app: 'whatsapp', wa: 'whatsapp',
  sms: 'sms', text: 'sms', 'text message': 'sms',
  email: 'email', 'e mail': 'email', mail: 'email',
  'in person': 'in_person', 'in de winkel': 'in_person', winkel: 'in_person',
  persoonlijk: 'in_person', 'in store': 'in_person', 'at the counter': 'in_person', 'aan de toonbank': 'in_person',
} satisfies Record<string, ChannelValue>));

export function parseChannel(text: string): ChannelValue | null {
  return CHANNELS.get(text.toLowerCase()) ?? CHANNELS.get(key(text)) ?? null;
}

export type LanguageValue = 'nl' | 'en' | 'de' | 'fr';

const LANGUAGES = new Map<string, LanguageValue>(Object.entries({
  nl: 'nl', nederlands: 'nl', dutch: 'nl', vlaams: 'nl', flemish: 'nl', 'nl nl': 'nl', 'nl be': 'nl',
  en: 'en', engels: 'en', english: 'en', 'en gb': 'en', 'en us': 'en',
  de: 'de', duits: 'de', german: 'de', deutsch: 'de',
  fr: 'fr', frans: 'fr', french: 'fr', francais: 'fr',
} satisfies Record<string, LanguageValue>));

export function parseLanguage(text: string): LanguageValue | null {
  return LANGUAGES.get(text.toLowerCase()) ?? LANGUAGES.get(key(text)) ?? null;
}

/**
 * A whole count (stamps, points) as a spreadsheet may show it: "12", "12,00", "12.0",
 * "1.250" or "1,250" are 12, 12, 12, 1250, 1250. Null for anything else, fractions included.
 */
export function parseCount(text: string): number | null {
  const t = text.replace(/\s+/g, '');
  if (/^\d+$/.test(t)) return Number(t);
  const decimals = /^(\d+)[.,](0+)$/.exec(t);
  if (decimals) return Number(decimals[1]);
  if (/^\d{1,3}([.,])\d{3}(\1\d{3})*$/.test(t)) return Number(t.replace(/[.,]/g, ''));
  return null;
}

/** Several phone numbers in one cell ("06-12345678, 020-1234567"): never split inside one number. */
export function splitPhones(text: string): string[] {
  return text.split(/\s*[;,|]\s*|\s+(?:of|or|en|and)\s+/).map((p) => p.trim()).filter((p) => p !== '');
}

/** Tags in a cell: comma- or semicolon-separated. */
export function splitTags(text: string): string[] {
  return text.split(/\s*[;,|]\s*/).map((t) => t.trim().replace(/\s+/g, ' ')).filter((t) => t !== '');
}
