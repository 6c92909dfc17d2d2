import type { ContactRow } from '../../../db/insights/pyramid.js';
import { csvDocument, type CsvCell, type CsvSeparator } from '../../core/csv/write.js';
import { dayOf } from '../../core/days.js';
import type { Layer } from '../../core/insights/layers.js';
import { displayName } from '../customers/mappers.js';
import type { Channel } from '../customers/schema.js';
import type { AppLanguage } from '../settings/schema.js';

// A layer of the pyramid as CSV for a spreadsheet, headed in the app's language: dates as
// 'YYYY-MM-DD', amounts with the decimal mark that goes with the separator (a comma beside
// ';' as a Dutch spreadsheet expects, a point beside ','). A contact list holds only the
// customers who consented to offers.

type Word = 'name' | 'layer' | 'spend' | 'visits' | 'lastVisit' | 'recency' | 'frequency' | 'monetary' | 'salutation'
  | 'email' | 'phone' | 'channel' | 'language' | 'city' | 'file' | `layer.${Layer}` | `channel.${Channel}`;

const WORDS: Record<AppLanguage, Record<Word, string>> = {
  en: {
    name: 'Name', layer: 'Layer', spend: 'Spend in period (EUR)', visits: 'Visits in period', lastVisit: 'Last visit',
    recency: 'Recency (1-5)', frequency: 'Frequency (1-5)', monetary: 'Spend score (1-5)', salutation: 'Salutation', email: 'E-mail',
    phone: 'Phone', channel: 'Preferred channel', language: 'Language', city: 'City', file: 'pyramid',
    'layer.top': 'top', 'layer.large': 'large', 'layer.medium': 'medium', 'layer.small': 'small', 'layer.inactive': 'inactive',
    'layer.prospect': 'prospects', 'channel.phone': 'Phone call', 'channel.whatsapp': 'WhatsApp', 'channel.sms': 'Text message',
    'channel.email': 'E-mail', 'channel.in_person': 'In person',
  },
  nl: {
    name: 'Naam', layer: 'Laag', spend: 'Besteed in periode (EUR)', visits: 'Bezoeken in periode', lastVisit: 'Laatste bezoek',
    recency: 'Recentheid (1-5)', frequency: 'Frequentie (1-5)', monetary: 'Bestedingsscore (1-5)', salutation: 'Aanhef', email: 'E-mail',
    phone: 'Telefoon', channel: 'Voorkeurskanaal', language: 'Taal', city: 'Plaats', file: 'piramide',
    'layer.top': 'top', 'layer.large': 'groot', 'layer.medium': 'middel', 'layer.small': 'klein', 'layer.inactive': 'inactief',
    'layer.prospect': 'prospects', 'channel.phone': 'Bellen', 'channel.whatsapp': 'WhatsApp', 'channel.sms': 'Sms',
    'channel.email': 'E-mail', 'channel.in_person': 'In de winkel',
  },
};

export const separatorFor = (language: AppLanguage): CsvSeparator => (language === 'nl' ? ';' : ',');

const euros = (cents: number, separator: CsvSeparator) => {
  const text = (cents / 100).toFixed(2);
  return separator === ';' ? text.replace('.', ',') : text;
};

const score = (n: number): CsvCell => (n === 0 ? null : n);

export function layerCsv(layer: Layer, rows: readonly ContactRow[], kind: 'list' | 'contacts', language: AppLanguage): string {
  const w = WORDS[language];
  const sep = separatorFor(language);
  if (kind === 'contacts') {
    return csvDocument(
      [w.name, w.salutation, w.email, w.phone, w.channel, w.language, w.city, w.layer, w.spend],
      rows.map((r) => [displayName(r), r.salutation, r.email, r.phone, r.preferred_channel === null ? null : (w[`channel.${r.preferred_channel as Channel}`] ?? r.preferred_channel), r.language, r.address_city,
        w[`layer.${layer}`], euros(r.spend_cents, sep)]),
      sep,
    );
  }
  return csvDocument(
    [w.name, w.layer, w.spend, w.visits, w.lastVisit, w.recency, w.frequency, w.monetary],
    rows.map((r) => [displayName(r), w[`layer.${layer}`], euros(r.spend_cents, sep), r.visit_count,
      r.last_visit_at === null ? null : dayOf(r.last_visit_at), score(r.recency), score(r.frequency), score(r.monetary)]),
    sep,
  );
}

/**
 * The export's name before the moment it was made: the layer, whether it is a contact list,
 * and the period, which the rows' figures are of ("piramide-middel-2025-12-tot-2026-11").
 */
export function exportBase(layer: Layer, kind: 'list' | 'contacts', from: string, to: string, language: AppLanguage): string {
  const w = WORDS[language];
  const contacts = kind === 'contacts' ? `-${language === 'nl' ? 'contacten' : 'contacts'}` : '';
  return `${w.file}-${w[`layer.${layer}`]}${contacts}-${from}-${language === 'nl' ? 'tot' : 'to'}-${to}`;
}
