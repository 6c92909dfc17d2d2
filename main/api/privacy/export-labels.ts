import type { AppLanguage } from '../settings/schema.js';

// The words of the readable export, in the app's language. Like the receipt labels
// (main/core/receipts/labels.ts) these live beside the document they build: the page is
// made here, for the system's PDF printer as much as for the app.

export interface ExportLabels {
  title: (name: string) => string;
  intro: (shop: string) => string;
  introNoShop: string;
  exported: (date: string) => string;
  nothing: string;
  sections: {
    person: string; contact: string; interests: string; facts: string; timeline: string; followUps: string;
    fields: string; loyalty: string; receipts: string;
  };
  person: {
    name: string; salutation: string; birthday: string; address: string; language: string; card: string;
    created: string; lastSeen: string; archived: string; referredBy: string; referred: string;
  };
  contact: { phones: string; email: string; channel: string; consent: string; consentYes: (date: string) => string; consentNo: string; consentWithdrawn: (date: string) => string };
  col: { date: string; kind: string; text: string; by: string; due: string; status: string; amount: string; description: string; name: string; value: string; printed: string };
  deleted: string;
  earlier: (n: number) => string;
  score: (n: number) => string;
  balance: (amount: string) => string;
  purchases: string;
  ledger: string;
  undo: string;
  repeatWeeks: (n: number) => string;
  repeatYearly: string;
  kinds: Record<string, string>;
  statuses: Record<string, string>;
  channels: Record<string, string>;
  languages: Record<string, string>;
  visitKinds: Record<string, string>;
  ledgerKinds: Record<string, string>;
  receiptKinds: Record<string, string>;
  jobStatuses: Record<string, string>;
  units: { stamps: (n: number) => string; points: (n: number) => string };
}

const en: ExportLabels = {
  title: (name) => `Personal data of ${name}`,
  intro: (shop) => `Everything ${shop} keeps about you in its customer archive, on the day shown below.`,
  introNoShop: 'Everything this shop keeps about you in its customer archive, on the day shown below.',
  exported: (date) => `Exported on ${date}`,
  nothing: 'Nothing stored.',
  sections: {
    person: 'Personal details', contact: 'Contact and consent', interests: 'Interests', facts: 'Pinned facts',
    timeline: 'Notes, conversations, complaints, feedback and wishes', followUps: 'Follow-ups', fields: 'More about you',
    loyalty: 'Stamps, points and purchases', receipts: 'Receipts',
  },
  person: {
    name: 'Name', salutation: 'Salutation', birthday: 'Birthday', address: 'Address', language: 'Language', card: 'Card number',
    created: 'Customer since', lastSeen: 'Last seen', archived: 'Archived on', referredBy: 'Brought in by',
    referred: 'Customers you brought in',
  },
  contact: {
    phones: 'Phone numbers', email: 'E-mail', channel: 'Preferred way to reach you', consent: 'Offers and news',
    consentYes: (date) => `Agreed on ${date}`, consentNo: 'Not agreed', consentWithdrawn: (date) => `Withdrawn on ${date}`,
  },
  col: {
    date: 'Date', kind: 'Kind', text: 'Text', by: 'By', due: 'Due', status: 'Status', amount: 'Amount', description: 'Description',
    name: 'Name', value: 'Value', printed: 'Printed',
  },
  deleted: 'deleted, still stored',
  earlier: (n) => (n === 1 ? 'Earlier version' : `${n} earlier versions`),
  score: (n) => `score ${n} of 5`,
  balance: (amount) => `Balance: ${amount}`,
  purchases: 'Purchases and visits',
  ledger: 'Stamps and points',
  undo: 'undo',
  repeatWeeks: (n) => (n === 1 ? 'every week' : `every ${n} weeks`),
  repeatYearly: 'every year',
  kinds: { note: 'Note', conversation: 'Conversation', complaint: 'Complaint', feedback: 'Feedback', wish: 'Wish', contact: 'Contacted' },
  statuses: { open: 'open', resolved: 'resolved', fulfilled: 'fulfilled', done: 'done', cancelled: 'cancelled' },
  channels: { phone: 'Phone', whatsapp: 'WhatsApp', sms: 'SMS', email: 'E-mail', in_person: 'In person' },
  languages: { nl: 'Dutch', en: 'English', de: 'German', fr: 'French' },
  visitKinds: { purchase: 'Purchase', visit: 'Visit' },
  ledgerKinds: { earn: 'Earned', redeem: 'Redeemed', adjust: 'Correction', expire: 'Expired', reverse: 'Undone', migrate: 'From the old card' },
  receiptKinds: { loyalty: 'Stamp receipt', redemption: 'Redemption receipt', member_card: 'Member card', test: 'Test page' },
  jobStatuses: { pending: 'waiting', printed: 'printed', failed: 'not printed', discarded: 'discarded' },
  units: { stamps: (n) => (n === 1 ? '1 stamp' : `${n} stamps`), points: (n) => (n === 1 ? '1 point' : `${n} points`) },
};

const nl: ExportLabels = {
  title: (name) => `Persoonsgegevens van ${name}`,
  intro: (shop) => `Alles wat ${shop} over u bewaart in het klantenarchief, op de dag hieronder.`,
  introNoShop: 'Alles wat deze winkel over u bewaart in het klantenarchief, op de dag hieronder.',
  exported: (date) => `Opgevraagd op ${date}`,
  nothing: 'Niets bewaard.',
  sections: {
    person: 'Persoonlijke gegevens', contact: 'Contact en toestemming', interests: 'Interesses', facts: 'Vastgezette feiten',
    timeline: 'Notities, gesprekken, klachten, feedback en wensen', followUps: 'Opvolgingen', fields: 'Meer over u',
    loyalty: 'Stempels, punten en aankopen', receipts: 'Bonnen',
  },
  person: {
    name: 'Naam', salutation: 'Aanhef', birthday: 'Verjaardag', address: 'Adres', language: 'Taal', card: 'Kaartnummer',
    created: 'Klant sinds', lastSeen: 'Laatst gezien', archived: 'Gearchiveerd op', referredBy: 'Aangebracht door',
    referred: 'Klanten die u aanbracht',
  },
  contact: {
    phones: 'Telefoonnummers', email: 'E-mail', channel: 'Hoe u het liefst bereikt wordt', consent: 'Aanbiedingen en nieuws',
    consentYes: (date) => `Toestemming gegeven op ${date}`, consentNo: 'Geen toestemming', consentWithdrawn: (date) => `Ingetrokken op ${date}`,
  },
  col: {
    date: 'Datum', kind: 'Soort', text: 'Tekst', by: 'Door', due: 'Wanneer', status: 'Status', amount: 'Bedrag', description: 'Omschrijving',
    name: 'Naam', value: 'Waarde', printed: 'Afgedrukt',
  },
  deleted: 'verwijderd, nog bewaard',
  earlier: (n) => (n === 1 ? 'Eerdere versie' : `${n} eerdere versies`),
  score: (n) => `score ${n} van 5`,
  balance: (amount) => `Saldo: ${amount}`,
  purchases: 'Aankopen en bezoeken',
  ledger: 'Stempels en punten',
  undo: 'ongedaan',
  repeatWeeks: (n) => (n === 1 ? 'elke week' : `elke ${n} weken`),
  repeatYearly: 'elk jaar',
  kinds: { note: 'Notitie', conversation: 'Gesprek', complaint: 'Klacht', feedback: 'Feedback', wish: 'Wens', contact: 'Benaderd' },
  statuses: { open: 'open', resolved: 'opgelost', fulfilled: 'vervuld', done: 'gedaan', cancelled: 'geannuleerd' },
  channels: { phone: 'Telefoon', whatsapp: 'WhatsApp', sms: 'Sms', email: 'E-mail', in_person: 'In de winkel' },
  languages: { nl: 'Nederlands', en: 'Engels', de: 'Duits', fr: 'Frans' },
  visitKinds: { purchase: 'Aankoop', visit: 'Bezoek' },
  ledgerKinds: { earn: 'Gespaard', redeem: 'Ingewisseld', adjust: 'Correctie', expire: 'Vervallen', reverse: 'Teruggedraaid', migrate: 'Van de oude kaart' },
  receiptKinds: { loyalty: 'Spaarbon', redemption: 'Inwisselbon', member_card: 'Klantenkaart', test: 'Testpagina' },
  jobStatuses: { pending: 'wacht', printed: 'afgedrukt', failed: 'niet afgedrukt', discarded: 'weggegooid' },
  units: { stamps: (n) => (n === 1 ? '1 stempel' : `${n} stempels`), points: (n) => (n === 1 ? '1 punt' : `${n} punten`) },
};

export const exportLabels = (language: AppLanguage): ExportLabels => (language === 'nl' ? nl : en);
export const exportLocale = (language: AppLanguage) => (language === 'nl' ? 'nl-NL' : 'en-GB');
