import type BetterSqlite3 from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { fileArchive, type Archive } from '../archive.js';
import type { DB } from '../schema.js';

// What an import asks the archive about each row: who already has this phone number,
// e-mail address or card number.
//  - The SQLite file: one indexed lookup each, through prepared statements, as the rows ask,
//    so 100,000 rows cost a fraction of a second.
//  - The shared server: a lookup a row would be a round trip a row (100,000 rows, three
//    each), so the answers for all the file's numbers, addresses and cards are fetched
//    first, a few thousand per statement, and the rows ask those.

export interface Owner {
  id: number;
  given_name: string;
  name_prefix: string;
  family_name: string;
}

export interface ArchiveProbe {
  byPhone(e164: string): Owner[];
  byEmail(email: string): Owner[];
  byCard(card: string): Owner | undefined;
}

/** What the rows will ask about: their phone numbers (E.164), e-mail addresses and card numbers. */
export interface ProbeKeys {
  phones: Iterable<string>;
  emails: Iterable<string>;
  cards: Iterable<string>;
}

const OWNER = 'c.id, c.given_name, c.name_prefix, c.family_name';
/** A likely duplicate is worth naming; a number shared by a whole family needs no more than a few. */
const MAX_OWNERS = 3;

/** The probe for the archive's engine; on the server it has fetched the answers for `keys`. */
export async function probeArchive(archive: Archive, keys: ProbeKeys): Promise<ArchiveProbe> {
  const file = fileArchive(archive);
  return file ? prepareArchiveProbe(file.sqlite) : fetchedProbe(archive.db, keys);
}

export function prepareArchiveProbe(sqlite: BetterSqlite3.Database): ArchiveProbe {
  const phone = sqlite.prepare(`SELECT DISTINCT ${OWNER} FROM customer_phones p JOIN customers c ON c.id = p.customer_id
    WHERE p.e164 = ? ORDER BY c.id LIMIT ${MAX_OWNERS}`);
  // The expression of the customers_email index, so the lookup is one index probe.
  const email = sqlite.prepare(`SELECT ${OWNER} FROM customers c WHERE c.email COLLATE NOCASE = ? ORDER BY c.id LIMIT ${MAX_OWNERS}`);
  const card = sqlite.prepare(`SELECT ${OWNER} FROM customers c WHERE c.card_number = ?`);
  return {
    byPhone: (e164) => phone.all(e164) as Owner[],
    byEmail: (address) => email.all(address) as Owner[],
    byCard: (number) => card.get(number) as Owner | undefined,
  };
}

/** Values asked per statement. */
const FETCH = 5000;

interface Answer extends Owner {
  asked: string;
}

/** Up to MAX_OWNERS owners of each value, in id order, as the prepared lookups answer them one at a time. */
async function fetchAnswers(values: Iterable<string>, ask: (slice: string[]) => Promise<Answer[]>): Promise<Map<string, Owner[]>> {
  const all = [...new Set(values)];
  const answers = new Map<string, Owner[]>();
  for (let at = 0; at < all.length; at += FETCH) {
    for (const { asked, ...owner } of await ask(all.slice(at, at + FETCH))) {
      const owners = answers.get(asked) ?? answers.set(asked, []).get(asked)!;
      owners.push({ ...owner, id: Number(owner.id) });
    }
  }
  return answers;
}

async function fetchedProbe(db: Kysely<DB>, keys: ProbeKeys): Promise<ArchiveProbe> {
  const limit = sql.lit(MAX_OWNERS);
  const phones = await fetchAnswers(keys.phones, async (slice) => (await sql<Answer>`SELECT a.asked, o.* FROM unnest(${slice}::text[]) AS a (asked)
    CROSS JOIN LATERAL (SELECT DISTINCT ${sql.raw(OWNER)} FROM customer_phones p JOIN customers c ON c.id = p.customer_id
      WHERE p.e164 = a.asked ORDER BY c.id LIMIT ${limit}) AS o
    ORDER BY a.asked, o.id`.execute(db)).rows);
  // COLLATE nocase: the expression of the customers_email index, and case-blind as on the file.
  const emails = await fetchAnswers(keys.emails, async (slice) => (await sql<Answer>`SELECT a.asked, o.* FROM unnest(${slice}::text[]) AS a (asked)
    CROSS JOIN LATERAL (SELECT ${sql.raw(OWNER)} FROM customers c WHERE c.email COLLATE nocase = a.asked ORDER BY c.id LIMIT ${limit}) AS o
    ORDER BY a.asked, o.id`.execute(db)).rows);
  const cards = await fetchAnswers(keys.cards, async (slice) => (await sql<Answer>`SELECT c.card_number AS asked, ${sql.raw(OWNER)}
    FROM customers c WHERE c.card_number = ANY(${slice}::text[])`.execute(db)).rows);
  return {
    byPhone: (e164) => phones.get(e164) ?? [],
    byEmail: (address) => emails.get(address) ?? [],
    byCard: (number) => cards.get(number)?.[0],
  };
}

/**
 * A mark that moves whenever anything may have changed in the archive: while it stays the
 * same, a dry run's look at the archive still holds. The file: changes through this
 * connection, and commits by any other (data_version). The server: its snapshot — which
 * transactions have committed — moves with every write on it.
 */
export async function archiveChangeMark(archive: Archive): Promise<string> {
  const file = fileArchive(archive);
  if (file) {
    const changes = file.sqlite.prepare('SELECT total_changes()').pluck().get() as number;
    return `${changes}/${file.sqlite.pragma('data_version', { simple: true }) as number}`;
  }
  const { rows } = await sql<{ mark: string }>`SELECT pg_current_snapshot()::text AS mark`.execute(archive.db);
  return rows[0]!.mark;
}
