import type { ContactRow } from '../../../db/lists/contacts.js';
import { csvDocument, type CsvCell, type CsvSeparator } from '../../core/csv/write.js';
import { dayOf } from '../../core/days.js';
import { displayName } from '../customers/mappers.js';
import type { Channel } from '../customers/schema.js';
import type { AppLanguage } from '../settings/schema.js';
import type { ListColumn, ListLayer, ListRow } from './types.js';

// The lists as CSV for a spreadsheet: the columns the screen shows, headed in the app's
// language. Dates are written 'YYYY-MM-DD' (both Excel and LibreOffice read them as dates
// in every locale); amounts with the decimal mark that goes with the separator (a comma
// beside ';', a point beside ','), so the spreadsheet reads them as numbers.

type Words = Record<ListColumn | 'salutation' | 'phone' | 'email' | 'street' | 'postalCode' | 'channel' | 'language' | 'yes' | 'no'
  | `layer.${ListLayer}` | 'reason.overdue' | 'reason.inactive' | `channel.${Channel}`, string>;

const WORDS: Record<AppLanguage, Words> = {
  en: {
    name: 'Name', celebrates: 'Birthday on', turns: 'Turns', birthday: 'Birthday', city: 'City', layer: 'Customer group',
    spend: 'Spend (EUR)', visits: 'Visits', lastVisit: 'Last visit', usualInterval: 'Usually every (days)', reason: 'Why',
    balance: 'Balance', averageScore: 'Average score', feedbackCount: 'Feedback given', lastScore: 'Latest score',
    lastFeedback: 'Latest feedback', openComplaints: 'Open complaints', oldestOpen: 'Oldest open complaint', consent: 'Offers allowed',
    salutation: 'Salutation', phone: 'Phone', email: 'E-mail', street: 'Street', postalCode: 'Postcode', channel: 'Preferred channel',
    language: 'Language', yes: 'yes', no: 'no',
    'layer.top': 'top', 'layer.large': 'large', 'layer.medium': 'medium', 'layer.small': 'small', 'layer.inactive': 'inactive',
    'layer.prospect': 'prospect', 'reason.overdue': 'staying away', 'reason.inactive': 'no purchase in 12 months',
    'channel.phone': 'Phone call', 'channel.whatsapp': 'WhatsApp', 'channel.sms': 'Text message', 'channel.email': 'E-mail',
    'channel.in_person': 'In person',
  },
  nl: {
    name: 'Naam', celebrates: 'Jarig op', turns: 'Wordt', birthday: 'Verjaardag', city: 'Plaats', layer: 'Klantgroep',
    spend: 'Besteed (EUR)', visits: 'Bezoeken', lastVisit: 'Laatste bezoek', usualInterval: 'Meestal elke (dagen)', reason: 'Waarom',
    balance: 'Saldo', averageScore: 'Gemiddelde score', feedbackCount: 'Keer feedback', lastScore: 'Laatste score',
    lastFeedback: 'Laatste feedback', openComplaints: 'Open klachten', oldestOpen: 'Oudste open klacht', consent: 'Aanbiedingen toegestaan',
    salutation: 'Aanhef', phone: 'Telefoon', email: 'E-mail', street: 'Straat', postalCode: 'Postcode', channel: 'Voorkeurskanaal',
    language: 'Taal', yes: 'ja', no: 'nee',
    'layer.top': 'top', 'layer.large': 'groot', 'layer.medium': 'middel', 'layer.small': 'klein', 'layer.inactive': 'inactief',
    'layer.prospect': 'prospect', 'reason.overdue': 'blijft weg', 'reason.inactive': 'geen aankoop in 12 maanden',
    'channel.phone': 'Bellen', 'channel.whatsapp': 'WhatsApp', 'channel.sms': 'Sms', 'channel.email': 'E-mail',
    'channel.in_person': 'In de winkel',
  },
};

export const defaultSeparator = (language: AppLanguage): CsvSeparator => (language === 'nl' ? ';' : ',');

function decimal(value: number, digits: number, separator: CsvSeparator): string {
  const text = value.toFixed(digits);
  return separator === ';' ? text.replace('.', ',') : text;
}

const pad = (n: number) => String(n).padStart(2, '0');
const dateOf = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : dayOf(ms));

function cell(row: ListRow, column: ListColumn, words: Words, separator: CsvSeparator): CsvCell {
  switch (column) {
    case 'name': return row.displayName;
    case 'celebrates': return row.celebrates ?? null;
    case 'turns': return row.turns ?? null;
    // Day and month only: "--MM-DD" would confuse a spreadsheet; "DD-MM" reads as text.
    case 'birthday': return row.birthday ? `${pad(row.birthday.day)}-${pad(row.birthday.month)}` : null;
    case 'city': return row.city;
    case 'layer': return row.layer ? words[`layer.${row.layer}`] : null;
    case 'spend': return row.spendCents === undefined ? null : decimal(row.spendCents / 100, 2, separator);
    case 'visits': return row.visitCount ?? null;
    case 'lastVisit': return dateOf(row.lastVisitAt);
    case 'usualInterval': return row.usualIntervalDays ?? null;
    case 'reason': return row.reason ? words[`reason.${row.reason}`] : null;
    case 'balance': return row.balance ?? null;
    case 'averageScore': return row.averageScore === undefined ? null : decimal(row.averageScore, 1, separator);
    case 'feedbackCount': return row.feedbackCount ?? null;
    case 'lastScore': return row.lastScore ?? null;
    case 'lastFeedback': return dateOf(row.lastFeedbackAt);
    case 'openComplaints': return row.openComplaints ?? null;
    case 'oldestOpen': return dateOf(row.oldestOpenAt);
    case 'consent': return row.marketingConsent ? words.yes : words.no;
  }
}

/** The list as shown: a header of the columns' names, one line per row. */
export function listCsv(columns: readonly ListColumn[], rows: readonly ListRow[], language: AppLanguage, separator: CsvSeparator): string {
  const words = WORDS[language];
  return csvDocument(columns.map((c) => words[c]), rows.map((r) => columns.map((c) => cell(r, c, words, separator))), separator);
}

/** Names and how to reach them, for a mailing (the caller keeps only those who consented). */
export function contactsCsv(rows: readonly ContactRow[], language: AppLanguage, separator: CsvSeparator): string {
  const w = WORDS[language];
  const header = [w.name, w.salutation, w.phone, w.email, w.street, w.postalCode, w.city, w.channel, w.language];
  return csvDocument(header, rows.map((r) => [
    displayName(r), r.salutation, r.phone, r.email, r.address_street, r.address_postal_code, r.address_city,
    r.preferred_channel ? w[`channel.${r.preferred_channel as Channel}`] : null, r.language,
  ]), separator);
}

const FILE_WORDS: Record<AppLanguage, Record<string, string>> = {
  en: { birthdays: 'birthdays', top: 'top-customers', lapsed: 'lapsed-customers', rewards: 'reward-waiting', satisfied: 'most-satisfied', unhappy: 'unhappy-customers', customers: 'customers', contacts: 'contacts' },
  nl: { birthdays: 'verjaardagen', top: 'topklanten', lapsed: 'weggebleven-klanten', rewards: 'beloning-klaar', satisfied: 'meest-tevreden', unhappy: 'ontevreden-klanten', customers: 'klanten', contacts: 'contacten' },
};

/** The export's name before its date and time: "verjaardagen", "contacten-topklanten". */
export function exportBase(list: string, kind: 'list' | 'contacts', language: AppLanguage): string {
  const w = FILE_WORDS[language];
  return `${kind === 'contacts' ? `${w.contacts}-` : ''}${w[list] ?? list}`;
}
