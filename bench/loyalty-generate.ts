// Child process of the loyalty benchmark: fills a copy of the customer archive with two
// years of loyalty history. Usage (normally through bench/loyalty-data.ts):
//   tsx bench/loyalty-generate.ts --file <archive> --customers N --entries E --seed S --marker <json>
//
// Every customer is simulated on their own, in time order, by the app's own rules
// (earn/tierFor/monthsBefore from main/core/loyalty/rules.ts): purchases with a carried
// remainder, tier multipliers on the last twelve months' spend, redemptions only when the
// balance covers them, undos, corrections, stamps brought over from a paper card, and
// expiry both at the counter and by the daily upkeep sweep, exactly as the handlers would
// have written it. Then all rows are sorted by time, so ids rise with time and one
// customer's rows lie scattered over the tables as in a real shop, and bulk-loaded
// through prepared statements. loyalty_balances gets each customer's ledger sum.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { rebuildVisitStats } from '../db/memory/visit-stats.js';
import { openArchive } from '../db/open.js';
import { YEAR_MS } from '../main/api/loyalty/service.js';
import { programInput } from '../main/api/loyalty/schema.js';
import { earn, monthsBefore, tierFor } from '../main/core/loyalty/rules.js';
import { BENCH_PROGRAM, BENCH_REWARDS, DAY_MS, LEDGER_KINDS, type LedgerKind, type LoyaltyMarker } from './loyalty-program.js';
import { prng } from './stats.js';

const HOUR_MS = 3_600_000;
const TICK_HOUR = 6; // the upkeep sweep: daily, 06:00 UTC, when the till starts
const SPAN_DAYS = 730;
const CODE_ALPHABET = 'ACDEFHJKLMNPRTUVWXY3479';
const DESCRIPTIONS = ['', 'brood', 'koffie', 'gebak', 'taart besteld', 'broodjes lunch', 'koffie en croissant', 'cadeaubon'];
const REASONS = ['', 'Stempel vergeten', 'Dubbel gestempeld', 'Papieren spaarkaart'];

// The shape of a shop's clientele: 10% in the customer file never take part; the rest
// come at a Pareto(α = 1.3) rate (capped), scaled by how long they have been customers.
const INACTIVE = 0.1;
const ALPHA = 1.3;
const RATE_CAP = 150;
const P_PLAIN_VISIT = 0.05;
const P_UNDO = 0.003;
const P_ADJUST = 0.003;
const P_MIGRATE = 0.03;
const P_REDEEM = 0.35;

const KIND_INDEX = Object.fromEntries(LEDGER_KINDS.map((k, i) => [k, i])) as Record<LedgerKind, number>;
const log = (message: string) => console.error(`bench:loyalty: ${message}`);

/** A 32-bit hash of two numbers: a PRNG seed per customer, whatever the count. */
function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** The first upkeep sweep at or after t. */
function tickAtOrAfter(t: number): number {
  let tick = Math.floor(t / DAY_MS) * DAY_MS + TICK_HOUR * HOUR_MS;
  if (tick < t) tick += DAY_MS;
  return tick;
}

// --- columns --------------------------------------------------------------------------

function grow<T extends Int32Array | Uint8Array | Float64Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

class VisitRows {
  n = 0;
  customer = new Int32Array(1 << 16);
  kind = new Uint8Array(1 << 16); // 0 purchase, 1 visit
  amount = new Int32Array(1 << 16);
  carry = new Int32Array(1 << 16);
  reverses = new Int32Array(1 << 16); // row index, -1 for none
  description = new Uint8Array(1 << 16);
  at = new Float64Array(1 << 16);

  add(customer: number, kind: number, amount: number, carry: number, reverses: number, description: number, at: number): number {
    if (this.n === this.at.length) {
      const size = this.n * 2;
      this.customer = grow(this.customer, size);
      this.kind = grow(this.kind, size);
      this.amount = grow(this.amount, size);
      this.carry = grow(this.carry, size);
      this.reverses = grow(this.reverses, size);
      this.description = grow(this.description, size);
      this.at = grow(this.at, size);
    }
    const i = this.n++;
    this.customer[i] = customer;
    this.kind[i] = kind;
    this.amount[i] = amount;
    this.carry[i] = carry;
    this.reverses[i] = reverses;
    this.description[i] = description;
    this.at[i] = at;
    return i;
  }
}

class LedgerRows {
  n = 0;
  customer = new Int32Array(1 << 16);
  kind = new Uint8Array(1 << 16);
  amount = new Int32Array(1 << 16);
  visit = new Int32Array(1 << 16); // visit row index, -1 for none
  reward = new Uint8Array(1 << 16); // reward id, 0 for none
  reverses = new Int32Array(1 << 16); // ledger row index, -1 for none
  reason = new Uint8Array(1 << 16);
  at = new Float64Array(1 << 16);

  add(customer: number, kind: number, amount: number, visit: number, reward: number, reverses: number, reason: number, at: number): number {
    if (this.n === this.at.length) {
      const size = this.n * 2;
      this.customer = grow(this.customer, size);
      this.kind = grow(this.kind, size);
      this.amount = grow(this.amount, size);
      this.visit = grow(this.visit, size);
      this.reward = grow(this.reward, size);
      this.reverses = grow(this.reverses, size);
      this.reason = grow(this.reason, size);
      this.at = grow(this.at, size);
    }
    const i = this.n++;
    this.customer[i] = customer;
    this.kind[i] = kind;
    this.amount[i] = amount;
    this.visit[i] = visit;
    this.reward[i] = reward;
    this.reverses[i] = reverses;
    this.reason[i] = reason;
    this.at[i] = at;
    return i;
  }
}

/** Where the simulation writes: stored rows, or (for calibration) only counted. */
interface Sink {
  visit(customer: number, kind: number, amount: number, carry: number, reverses: number, description: number, at: number): number;
  entry(customer: number, kind: number, amount: number, visit: number, reward: number, reverses: number, reason: number, at: number): number;
}

class Counter implements Sink {
  visits = 0;
  entries = 0;
  visit(): number {
    return this.visits++;
  }
  entry(): number {
    return this.entries++;
  }
}

class Store implements Sink {
  readonly visits = new VisitRows();
  readonly ledger = new LedgerRows();
  visit(customer: number, kind: number, amount: number, carry: number, reverses: number, description: number, at: number): number {
    return this.visits.add(customer, kind, amount, carry, reverses, description, at);
  }
  entry(customer: number, kind: number, amount: number, visit: number, reward: number, reverses: number, reason: number, at: number): number {
    return this.ledger.add(customer, kind, amount, visit, reward, reverses, reason, at);
  }
}

// --- one customer ---------------------------------------------------------------------

interface Span {
  start: number;
  end: number;
}

interface CustomerEnd {
  balance: number;
  entries: number;
  lastEntryAt: number;
}

/** The customer's activity rate (0 for one who never takes part), before scaling. */
function rateOf(seed: number, customer: number): number {
  const random = prng(mix(seed, customer));
  if (random() < INACTIVE) return 0;
  return Math.min(RATE_CAP, (1 - random()) ** (-1 / ALPHA));
}

function rewardOnOffer(reward: (typeof BENCH_REWARDS)[number], span: Span, t: number): boolean {
  const day = (t - span.start) / DAY_MS;
  return (reward.retiredDay === null || day < reward.retiredDay)
    && (reward.activeFromDay === null || day >= reward.activeFromDay)
    && (reward.activeToDay === null || day <= reward.activeToDay);
}

function simulateCustomer(
  seed: number, customer: number, createdAt: number, span: Span, scale: number, sink: Sink,
): CustomerEnd {
  const random = prng(mix(seed, customer));
  const out: CustomerEnd = { balance: 0, entries: 0, lastEntryAt: 0 };
  if (random() < INACTIVE) return out;
  const rate = Math.min(RATE_CAP, (1 - random()) ** (-1 / ALPHA));
  const from = Math.max(createdAt, span.start);
  const last = span.end - 10 * 60_000;
  if (from >= last) return out;
  const expected = rate * ((span.end - from) / (span.end - span.start)) * scale;
  const count = Math.max(1, Math.floor(expected + random()));

  // When: the first visit when they signed up at the counter, the rest at opening hours.
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    if (i === 0 && createdAt >= span.start) {
      times.push(createdAt + 30_000);
      continue;
    }
    const t = from + random() * (last - from);
    const snapped = Math.floor(t / DAY_MS) * DAY_MS + 7 * HOUR_MS + random() * 10 * HOUR_MS;
    times.push(Math.round(snapped >= from && snapped <= last ? snapped : t));
  }
  times.sort((a, b) => a - b);
  for (let i = 1; i < times.length; i++) times[i] = Math.max(times[i]!, times[i - 1]! + 120_000);
  while (times.length > 1 && times[times.length - 1]! > last) times.pop();

  const typical = 1200 * Math.exp(0.45 * normal(random));
  const program = BENCH_PROGRAM;
  let balance = 0;
  let carry = 0;
  // Expiry bookkeeping: credits in time order, how many are older than the cutoff, debits.
  const creditAt: number[] = [];
  const creditAmount: number[] = [];
  const creditCancelled: boolean[] = [];
  let passed = 0;
  let oldCredits = 0;
  let debits = 0;
  let checked = 0;
  // Spend over the last twelve months, for the tier.
  const spendAt: number[] = [];
  const spendAmount: number[] = [];
  let spendHead = 0;
  let spend = 0;

  const entry = (kind: LedgerKind, amount: number, at: number, visit = -1, reward = 0, reverses = -1, reason = 0): number => {
    balance += amount;
    out.entries++;
    out.lastEntryAt = at;
    if (amount > 0 && kind !== 'reverse') {
      creditAt.push(at);
      creditAmount.push(amount);
      creditCancelled.push(false);
    } else if (amount < 0 && kind !== 'reverse') {
      debits -= amount;
    }
    return sink.entry(customer, KIND_INDEX[kind], amount, visit, reward, reverses, reason, at);
  };
  // What applyExpiry does at time t (expiryDue, kept incrementally).
  const expireAt = (t: number): void => {
    const cutoff = monthsBefore(t, program.expiryMonths!);
    while (passed < creditAt.length && creditAt[passed]! <= cutoff) {
      if (!creditCancelled[passed]) oldCredits += creditAmount[passed]!;
      passed++;
    }
    const due = oldCredits - debits;
    if (due > 0) entry('expire', -due, t);
  };
  // The daily sweep, on the first day each credit has become old enough to expire.
  const sweepUntil = (t: number): void => {
    while (checked < creditAt.length) {
      // Twelve months are never less than 365 days: start a day early, find the first sweep.
      let tick = tickAtOrAfter(creditAt[checked]! + 364 * DAY_MS);
      while (monthsBefore(tick, program.expiryMonths!) < creditAt[checked]!) tick += DAY_MS;
      if (tick > t) return;
      checked++;
      if (balance > 0) expireAt(tick);
    }
  };
  const addSpend = (at: number, cents: number) => {
    spendAt.push(at);
    spendAmount.push(cents);
    spend += cents;
  };

  for (const [i, t] of times.entries()) {
    sweepUntil(t);
    // loyalty.recordPurchase / recordVisit: expiry, tier, carry, visit, earn entry.
    expireAt(t);
    while (spendHead < spendAt.length && spendAt[spendHead]! <= t - YEAR_MS) spend -= spendAmount[spendHead++]!;
    const multiplierPercent = tierFor(program.tiers, spend)?.multiplierPercent ?? 100;
    const plain = random() < P_PLAIN_VISIT;
    const cents = plain ? 0 : Math.min(25_000, Math.max(50, Math.round((typical * Math.exp(0.55 * normal(random))) / 5) * 5));
    const carryBefore = carry;
    const earned = earn(program.rule, { kind: plain ? 'visit' : 'purchase', amountCents: cents, carryCents: carry, multiplierPercent });
    carry = earned.carryCents;
    const description = random() < 0.8 ? 0 : 1 + Math.floor(random() * (DESCRIPTIONS.length - 1));
    const visit = sink.visit(customer, plain ? 1 : 0, cents, carry, -1, description, t);
    addSpend(t, cents);
    const earnCredit = creditAt.length;
    const earnEntry = earned.earned > 0 ? entry('earn', earned.earned, t, visit) : -1;

    if (i === 0 && random() < P_MIGRATE) entry('migrate', 1 + Math.floor(random() * 9), t + 20_000, -1, 0, -1, 3);
    if (random() < P_ADJUST) {
      if (random() < 0.7) entry('adjust', 1 + Math.floor(random() * 3), t + 30_000, -1, 0, -1, 1);
      else if (balance >= 1) entry('adjust', -1, t + 30_000, -1, 0, -1, 2);
    }
    // loyalty.undoLast right after (the wrong amount), or perhaps loyalty.redeem.
    if (!plain && random() < P_UNDO && (earnEntry < 0 || balance >= earned.earned)) {
      const at = t + 60_000;
      sink.visit(customer, 0, -cents, carryBefore, visit, description, at);
      addSpend(at, -cents);
      carry = carryBefore;
      if (earnEntry >= 0) {
        creditCancelled[earnCredit] = true;
        entry('reverse', -earned.earned, at, -1, 0, earnEntry);
      }
      continue;
    }
    if (random() < P_REDEEM) {
      const at = t + 45_000;
      expireAt(at);
      const affordable = BENCH_REWARDS.filter((r) => r.cost <= balance && rewardOnOffer(r, span, at)).sort((a, b) => a.cost - b.cost);
      if (affordable.length > 0) {
        const reward = random() < 0.65 ? affordable[0]! : affordable[Math.floor(random() * affordable.length)]!;
        entry('redeem', -reward.cost, at, -1, reward.id);
      }
    }
  }
  sweepUntil(span.end);
  out.balance = balance;
  return out;
}

// --- the whole archive ----------------------------------------------------------------

/** Visits per unit of rate such that the ledger comes to about `entries` rows. */
function calibrate(seed: number, created: Float64Array, span: Span, entries: number): number {
  const customers = created.length - 1;
  let rateSum = 0;
  for (let c = 1; c <= customers; c++) {
    const from = Math.max(created[c]!, span.start);
    rateSum += rateOf(seed, c) * Math.max(0, (span.end - from) / (span.end - span.start));
  }
  // Entries per visit depend a little on how often people come: measure on a sample.
  let scale = entries / rateSum;
  const step = Math.max(1, Math.floor(customers / 50_000));
  for (let round = 0; round < 2; round++) {
    const counter = new Counter();
    for (let c = 1; c <= customers; c += step) simulateCustomer(seed, c, created[c]!, span, scale, counter);
    const perVisit = counter.entries / counter.visits;
    scale = entries / (rateSum * perVisit);
  }
  return scale;
}

/** Row order by time (whole seconds), ties in the order rows were made: one customer's rows keep theirs. */
function timeOrder(at: Float64Array, n: number, base: number): Uint32Array {
  const INDEX_BITS = 2 ** 27;
  if (n >= INDEX_BITS) throw new Error('bench: too many rows for the sort key');
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const seconds = Math.floor((at[i]! - base) / 1000);
    if (seconds < 0 || seconds >= 2 ** 26) throw new Error('bench: row time out of range');
    keys[i] = seconds * INDEX_BITS + i;
  }
  keys.sort();
  const order = new Uint32Array(n);
  for (let k = 0; k < n; k++) order[k] = keys[k]! % INDEX_BITS;
  return order;
}

function uuid(random: () => number): string {
  const hex = (n: number) => Math.floor(random() * 16 ** n).toString(16).padStart(n, '0');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + Math.floor(random() * 4)).toString(16)}${hex(3)}-${hex(6)}${hex(6)}`;
}

function percentile(sorted: Int32Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export function generate(options: { file: string; customers: number; entries: number; seed: number; copySeconds: number }): LoyaltyMarker {
  const began = performance.now();
  const seconds = { copy: options.copySeconds, simulate: 0, sort: 0, insertVisits: 0, visitStats: 0, insertEntries: 0, balances: 0, checkpoint: 0, total: 0 };
  const archive = openArchive(options.file);
  const { sqlite } = archive;
  const { n: count, maxId, latest } = sqlite.prepare('SELECT count(*) AS n, max(id) AS maxId, max(created_at) AS latest FROM customers').get() as
    { n: number; maxId: number; latest: number };
  if (count !== options.customers || maxId !== count) throw new Error(`bench: expected customers 1..${options.customers}, found ${count} (max id ${maxId})`);
  const existing = sqlite.prepare('SELECT (SELECT count(*) FROM ledger_entries) + (SELECT count(*) FROM visits) + (SELECT count(*) FROM rewards)').pluck().get() as number;
  if (existing > 0) throw new Error('bench: the archive already holds loyalty data');
  const created = new Float64Array(count + 1);
  for (const row of sqlite.prepare('SELECT id, created_at FROM customers').raw().iterate() as Iterable<[number, number]>) created[row[0]] = row[1];

  const end = tickAtOrAfter(latest + 1);
  const span: Span = { start: end - SPAN_DAYS * DAY_MS, end };

  // 1. Simulate every customer.
  let t0 = performance.now();
  const scale = calibrate(options.seed, created, span, options.entries);
  const store = new Store();
  const balance = new Int32Array(count + 1);
  const entriesOf = new Int32Array(count + 1);
  const lastEntryAt = new Float64Array(count + 1);
  for (let c = 1; c <= count; c++) {
    const result = simulateCustomer(options.seed, c, created[c]!, span, scale, store);
    balance[c] = result.balance;
    entriesOf[c] = result.entries;
    lastEntryAt[c] = result.lastEntryAt;
    if (c % 100_000 === 0) log(`simulated ${c.toLocaleString('en-US')} customers`);
  }
  const { visits, ledger } = store;
  seconds.simulate = (performance.now() - t0) / 1000;
  log(`${visits.n.toLocaleString('en-US')} visits, ${ledger.n.toLocaleString('en-US')} ledger entries simulated in ${seconds.simulate.toFixed(1)} s`);

  // 2. Ids in time order.
  t0 = performance.now();
  const base = span.start - DAY_MS;
  const visitOrder = timeOrder(visits.at, visits.n, base);
  const visitId = new Int32Array(visits.n);
  for (let k = 0; k < visits.n; k++) visitId[visitOrder[k]!] = k + 1;
  const ledgerOrder = timeOrder(ledger.at, ledger.n, base);
  const ledgerId = new Int32Array(ledger.n);
  for (let k = 0; k < ledger.n; k++) ledgerId[ledgerOrder[k]!] = k + 1;
  seconds.sort = (performance.now() - t0) / 1000;

  // 3. Load. Durability of a half-written bench archive is worth nothing: no sync, no
  // foreign-key lookups (the ids are ours and consistent), a cache that holds the indexes.
  const synchronous = sqlite.pragma('synchronous', { simple: true }) as number;
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('foreign_keys = OFF');
  sqlite.pragma('cache_size = -2000000');
  const BATCH = 200_000;
  const programId = Number(sqlite.prepare('INSERT INTO loyalty_programs (config, created_at) VALUES (?, ?)')
    .run(JSON.stringify(programInput.parse(BENCH_PROGRAM)), span.start).lastInsertRowid);
  const insertReward = sqlite.prepare(`INSERT INTO rewards (id, name, cost, kind, value, active_from, active_to, retired_at, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const day = (d: number | null) => (d === null ? null : span.start + d * DAY_MS);
  sqlite.transaction(() => {
    for (const r of BENCH_REWARDS) {
      insertReward.run(r.id, r.name, r.cost, r.kind, r.value, day(r.activeFromDay), day(r.activeToDay), day(r.retiredDay), span.start, day(r.retiredDay) ?? span.start);
    }
  })();

  t0 = performance.now();
  const insertVisit = sqlite.prepare(`INSERT INTO visits (id, customer_id, kind, amount_cents, description, carry_cents, reverses_id, occurred_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const visitKinds = ['purchase', 'visit'];
  const visitBatch = sqlite.transaction((from: number, to: number) => {
    for (let k = from; k < to; k++) {
      const i = visitOrder[k]!;
      const reverses = visits.reverses[i]!;
      insertVisit.run(k + 1, visits.customer[i], visitKinds[visits.kind[i]!], visits.amount[i], DESCRIPTIONS[visits.description[i]!],
        visits.carry[i], reverses < 0 ? null : visitId[reverses], visits.at[i]);
    }
  });
  for (let k = 0; k < visits.n; k += BATCH) {
    visitBatch(k, Math.min(visits.n, k + BATCH));
    if ((k / BATCH) % 10 === 9) log(`visits: ${(k + BATCH).toLocaleString('en-US')}`);
  }
  seconds.insertVisits = (performance.now() - t0) / 1000;
  log(`visits written in ${seconds.insertVisits.toFixed(1)} s`);

  // What the app keeps per customer beside the visits (db/memory/visit-stats.ts).
  t0 = performance.now();
  const visitStats = sqlite.transaction(() => rebuildVisitStats(sqlite, end))();
  seconds.visitStats = (performance.now() - t0) / 1000;
  log(`visit statistics of ${visitStats.toLocaleString('en-US')} customers rebuilt in ${seconds.visitStats.toFixed(1)} s`);

  t0 = performance.now();
  const insertEntry = sqlite.prepare(`INSERT INTO ledger_entries (id, customer_id, kind, amount, visit_id, reward_id, reverses_id,
    program_id, reason, code, idempotency_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const codes = prng(mix(options.seed, 0xc0de));
  const byKind = Object.fromEntries(LEDGER_KINDS.map((k) => [k, 0])) as Record<LedgerKind, number>;
  const entryBatch = sqlite.transaction((from: number, to: number) => {
    for (let k = from; k < to; k++) {
      const i = ledgerOrder[k]!;
      const kind = LEDGER_KINDS[ledger.kind[i]!]!;
      byKind[kind]++;
      const visit = ledger.visit[i]!;
      const reverses = ledger.reverses[i]!;
      const redeem = kind === 'redeem';
      let code: string | null = null;
      if (redeem) {
        code = '';
        for (let j = 0; j < 6; j++) code += CODE_ALPHABET[Math.floor(codes() * CODE_ALPHABET.length)];
      }
      insertEntry.run(k + 1, ledger.customer[i], kind, ledger.amount[i], visit < 0 ? null : visitId[visit], ledger.reward[i] || null,
        reverses < 0 ? null : ledgerId[reverses], kind === 'earn' || redeem ? programId : null, REASONS[ledger.reason[i]!],
        code, redeem ? uuid(codes) : null, ledger.at[i]);
    }
  });
  for (let k = 0; k < ledger.n; k += BATCH) {
    entryBatch(k, Math.min(ledger.n, k + BATCH));
    if ((k / BATCH) % 10 === 9) log(`ledger entries: ${(k + BATCH).toLocaleString('en-US')}`);
  }
  seconds.insertEntries = (performance.now() - t0) / 1000;
  log(`ledger entries written in ${seconds.insertEntries.toFixed(1)} s`);

  // 4. The kept balances: each customer's ledger sum, for every customer with an entry.
  t0 = performance.now();
  const insertBalance = sqlite.prepare('INSERT INTO loyalty_balances (customer_id, balance, updated_at) VALUES (?, ?, ?)');
  let balances = 0;
  let balanceTotal = 0;
  let canRedeem = 0;
  sqlite.transaction(() => {
    for (let c = 1; c <= count; c++) {
      if (entriesOf[c] === 0) continue;
      if (balance[c]! < 0) throw new Error(`bench: customer ${c} would end negative`);
      insertBalance.run(c, balance[c], lastEntryAt[c]);
      balances++;
      balanceTotal += balance[c]!;
      if (balance[c]! >= BENCH_REWARDS[0]!.cost) canRedeem++;
    }
  })();
  seconds.balances = (performance.now() - t0) / 1000;

  t0 = performance.now();
  sqlite.pragma(`synchronous = ${synchronous}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  seconds.checkpoint = (performance.now() - t0) / 1000;
  sqlite.close();

  // Ledger entries per customer, over all customers.
  const sorted = entriesOf.slice(1).sort();
  const bucketOf: [string, number, number][] = [
    ['0', 0, 0], ['1–4', 1, 4], ['5–9', 5, 9], ['10–49', 10, 49], ['50–99', 50, 99],
    ['100–299', 100, 299], ['300–599', 300, 599], ['600+', 600, Infinity],
  ];
  const heavyCount = Math.max(10, Math.round(count / 1000));
  const heaviest = Array.from({ length: count }, (_, i) => i + 1)
    .sort((a, b) => entriesOf[b]! - entriesOf[a]! || a - b)
    .slice(0, heavyCount)
    .map((c) => [c, entriesOf[c]!] as [number, number]);
  let plainVisits = 0;
  let undos = 0;
  for (let i = 0; i < visits.n; i++) {
    if (visits.reverses[i]! >= 0) undos++;
    else if (visits.kind[i] === 1) plainVisits++;
  }
  seconds.total = (performance.now() - began) / 1000 + seconds.copy;
  return {
    customers: count,
    entriesTarget: options.entries,
    seed: options.seed,
    end,
    start: span.start,
    counts: {
      ledgerEntries: ledger.n,
      byKind,
      visits: visits.n,
      purchases: visits.n - plainVisits - undos,
      plainVisits,
      undos,
      customersWithEntries: balances,
      balances,
      balanceTotal,
      canRedeem,
    },
    perCustomer: {
      mean: ledger.n / count,
      median: percentile(sorted, 0.5),
      p90: percentile(sorted, 0.9),
      p99: percentile(sorted, 0.99),
      p999: percentile(sorted, 0.999),
      max: sorted[sorted.length - 1]!,
      buckets: bucketOf.map(([label, lo, hi]) => ({ label, customers: sorted.filter((n) => n >= lo && n <= hi).length })),
    },
    heaviest,
    seconds,
    dbBytes: fs.statSync(options.file).size,
  };
}

const { values: args } = parseArgs({
  options: {
    file: { type: 'string' },
    marker: { type: 'string' },
    customers: { type: 'string' },
    entries: { type: 'string' },
    seed: { type: 'string' },
    'copy-seconds': { type: 'string', default: '0' },
  },
});
if (!args.file || !args.marker || !args.customers || !args.entries || !args.seed) {
  throw new Error('usage: tsx bench/loyalty-generate.ts --file F --marker M --customers N --entries E --seed S');
}
const marker = generate({
  file: args.file,
  customers: Number(args.customers),
  entries: Number(args.entries),
  seed: Number(args.seed),
  copySeconds: Number(args['copy-seconds']),
});
fs.writeFileSync(args.marker, `${JSON.stringify(marker, null, 2)}\n`);
log(`generated in ${marker.seconds.total.toFixed(1)} s`);
