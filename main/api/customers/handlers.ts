import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import * as repo from '../../../db/customers/repo.js';
import { exactNameQuery, searchTiers } from '../../../db/customers/search-query.js';
import { sqlState, writeTransaction } from '../../../db/transaction.js';
import { rankedKeys } from '../../../db/customers/customer-search-index.js';
import { generateCardNumber, isEan13CardNumber, normaliseCardNumber, CARD_NUMBER_PATTERN } from '../../core/card-number.js';
import { normalisePhone, type ShopCountry } from '../../core/phone.js';
import { AppError, notFound, type FieldIssue } from '../errors.js';
import type { Deps } from '../deps.js';
import type { HandlerMap } from '../handler-types.js';
import { toCustomer, toSummary } from './mappers.js';
import { noteHits } from './note-search.js';
import { matchingKeys, waitingDocuments } from './pending-search.js';
import type { Customer, CustomerFields, MatchTier, SearchHit } from './schema.js';

function cardInUse(): AppError {
  return new AppError('card_in_use', 'Card number already in use', undefined, { cardNumber: { code: 'card_in_use' } });
}

const countryOf = (deps: Pick<Deps, 'settings'>): ShopCountry => deps.settings.get().country;

/** The numbers read in the shop's country; one that is no number there is refused at its field. */
function phonesOf(fields: CustomerFields, country: ShopCountry): repo.PhoneWrite[] {
  const phones: repo.PhoneWrite[] = [];
  const bad: Record<string, FieldIssue> = {};
  fields.phones.forEach((raw, i) => {
    if (raw === '') return;
    const phone = normalisePhone(raw, country);
    if (phone) phones.push({ raw, e164: phone.e164, national_digits: phone.nationalDigits });
    else bad[`customer.phones.${i}`] = { code: 'invalid_phone' };
  });
  if (Object.keys(bad).length > 0) throw new AppError('validation', 'Some fields need attention', undefined, bad);
  return phones;
}

export function columnsOf(fields: CustomerFields, cardNumber: string, consentChangedAt: number | null): repo.CustomerWrite {
  return {
    given_name: fields.givenName,
    name_prefix: fields.namePrefix,
    family_name: fields.familyName,
    salutation: fields.salutation,
    email: fields.email === '' ? null : fields.email,
    address_street: fields.address.street,
    address_postal_code: fields.address.postalCode,
    address_city: fields.address.city,
    birthday_day: fields.birthday?.day ?? null,
    birthday_month: fields.birthday?.month ?? null,
    birth_year: fields.birthday?.year ?? null,
    preferred_channel: fields.preferredChannel,
    language: fields.language,
    marketing_consent: fields.marketingConsent ? 1 : 0,
    consent_changed_at: consentChangedAt,
    card_number: cardNumber,
  };
}

async function freshCardNumber(db: Kysely<DB>, random: () => number): Promise<string> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const candidate = generateCardNumber(random);
    if ((await repo.cardNumberOwner(db, candidate)) === undefined) return candidate;
  }
  throw new AppError('internal', 'Could not issue a free card number');
}

/** Another write took the card number between our check and our insert: SQLite's words, or PostgreSQL's unique_violation of the column. */
function isUniqueCardViolation(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (sqlState(error) === '23505') return (error as Error & { constraint?: unknown }).constraint === 'customers_card_number_key';
  return /UNIQUE constraint failed: customers\.card_number/.test(error.message);
}

async function loadCustomer(db: Kysely<DB>, id: number): Promise<Customer> {
  const row = await repo.getCustomerRow(db, id);
  if (!row) throw notFound('Customer');
  return toCustomer(row, await repo.getPhones(db, id));
}

export const customerHandlers = {
  async 'customers.search'({ archive }, { query, limit, notes }) {
    const db = archive.db;
    const normalisedCard = normaliseCardNumber(query);
    // Names never carry digits; card numbers always do.
    const cardLike = CARD_NUMBER_PATTERN.test(normalisedCard) && /\d/.test(normalisedCard);
    const cardRow = cardLike ? await repo.summaryByCard(db, normalisedCard) : undefined;
    // A whole card number is one customer: no need to ask the index what it already said.
    if (cardRow && cardRow.archived_at === null) {
      return { query, hits: [{ ...toSummary(cardRow), tier: 'exact' as const }], card: toSummary(cardRow), isCardNumber: isEan13CardNumber(query), notes: [] };
    }
    const tiers = searchTiers(query);
    let order: { key: number; tier: MatchTier }[] = [];
    if (tiers) {
      // Customers a recent import queued are found here until their documents are written.
      const waiting = await waitingDocuments(archive);
      order = await rankedKeys(db, tiers, limit, waiting ? (tier, want) => matchingKeys(waiting, tier, want) : undefined);
    }
    const rows = await repo.summariesByKeys(db, order.map((o) => o.key));
    const byKey = new Map(rows.map((r) => [r.search_key, r]));
    const hits: SearchHit[] = [];
    for (const { key, tier } of order) {
      const row = byKey.get(key);
      // A waiting document may be of a customer archived or erased since.
      if (row && row.archived_at === null) hits.push({ ...toSummary(row), tier });
    }
    const noteGroup = await noteHits(db, query, notes, new Set(hits.map((h) => h.id)));
    return { query, hits, card: cardRow ? toSummary(cardRow) : null, isCardNumber: isEan13CardNumber(query), notes: noteGroup };
  },

  async 'customers.byCard'({ archive }, { cardNumber }) {
    const row = await repo.summaryByCard(archive.db, normaliseCardNumber(cardNumber));
    return row ? toSummary(row) : null;
  },

  async 'customers.recent'({ archive }, { limit }) {
    return (await repo.recentSummaries(archive.db, limit)).map(toSummary);
  },

  async 'customers.get'({ archive, clock }, { id, markSeen }) {
    if (markSeen) await writeTransaction(archive.db, (trx) => repo.markSeen(trx, id, clock()));
    return loadCustomer(archive.db, id);
  },

  async 'customers.create'({ archive, clock, random, settings }, { customer: fields }) {
    const now = clock();
    const phones = phonesOf(fields, countryOf({ settings }));
    try {
      return await writeTransaction(archive.db, async (trx) => {
        let cardNumber = fields.cardNumber;
        if (cardNumber === '') cardNumber = await freshCardNumber(trx, random);
        else if ((await repo.cardNumberOwner(trx, cardNumber)) !== undefined) throw cardInUse();
        const values = columnsOf(fields, cardNumber, fields.marketingConsent ? now : null);
        const row = await repo.insertCustomer(trx, values, phones, now);
        return toCustomer(row, await repo.getPhones(trx, row.id));
      });
    } catch (error) {
      if (isUniqueCardViolation(error)) throw cardInUse();
      throw error;
    }
  },

  async 'customers.update'({ archive, clock, settings }, { id, customer: fields }) {
    const now = clock();
    const phones = phonesOf(fields, countryOf({ settings }));
    try {
      return await writeTransaction(archive.db, async (trx) => {
        const before = await repo.getCustomerRow(trx, id);
        if (!before) throw notFound('Customer');
        const cardNumber = fields.cardNumber === '' ? before.card_number : fields.cardNumber;
        const owner = await repo.cardNumberOwner(trx, cardNumber);
        if (owner !== undefined && owner !== id) throw cardInUse();
        const consentChanged = (before.marketing_consent === 1) !== fields.marketingConsent;
        const values = columnsOf(fields, cardNumber, consentChanged ? now : before.consent_changed_at);
        const row = (await repo.updateCustomer(trx, id, values, phones, now))!;
        return toCustomer(row, await repo.getPhones(trx, id));
      });
    } catch (error) {
      if (isUniqueCardViolation(error)) throw cardInUse();
      throw error;
    }
  },

  async 'customers.duplicates'({ archive, settings }, input) {
    const country = countryOf({ settings });
    const e164s = input.phones.flatMap((raw) => {
      const phone = raw.trim() === '' ? null : normalisePhone(raw, country);
      return phone ? [phone.e164] : [];
    });
    const name = exactNameQuery(input.givenName, input.familyName);
    const waiting = name ? await waitingDocuments(archive) : null;
    const found = await repo.findDuplicateIds(archive.db, {
      e164s,
      email: input.email.trim(),
      nameQuery: name,
      pendingNameKeys: name && waiting ? matchingKeys(waiting, name, 20) : [],
      excludeId: input.excludeId,
    });
    const rows = await repo.summariesByIds(archive.db, [...found.keys()]);
    return rows.map((row) => ({ ...toSummary(row), reasons: [...found.get(row.id)!] }));
  },

  async 'customers.archive'({ archive, clock }, { id }) {
    const now = clock();
    const row = await writeTransaction(archive.db, (trx) => repo.setArchived(trx, id, now, now));
    if (!row) throw notFound('Customer');
    return loadCustomer(archive.db, id);
  },

  async 'customers.restore'({ archive, clock }, { id }) {
    const row = await writeTransaction(archive.db, (trx) => repo.setArchived(trx, id, null, clock()));
    if (!row) throw notFound('Customer');
    return loadCustomer(archive.db, id);
  },
} satisfies HandlerMap<
  | 'customers.search'
  | 'customers.byCard'
  | 'customers.recent'
  | 'customers.get'
  | 'customers.create'
  | 'customers.update'
  | 'customers.duplicates'
  | 'customers.archive'
  | 'customers.restore'
>;
