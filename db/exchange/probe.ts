import type BetterSqlite3 from 'better-sqlite3';

// What an import asks the archive about each row: who already has this phone number,
// e-mail address or card number. One indexed lookup each, through prepared statements,
// so 100,000 rows cost a fraction of a second.

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

const OWNER = 'c.id, c.given_name, c.name_prefix, c.family_name';
/** A likely duplicate is worth naming; a number shared by a whole family needs no more than a few. */
const MAX_OWNERS = 3;

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
