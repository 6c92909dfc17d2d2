import { sql, type Kysely, type RawBuilder } from 'kysely';
import { LAYERS, type Layer, type LayerCuts } from '../../main/core/insights/layers.js';
import { tableThroughIndex } from '../engine.js';
import type { DB } from '../schema.js';
import type { PeriodSource } from './periods.js';

// The pyramid of one period: how many customers and how much revenue per layer, and each
// layer's customers, biggest spenders first (the inactive: most recently seen first; the
// prospects: newest first).

export interface LayerCount {
  layer: Layer;
  customers: number;
  revenueCents: number;
}

export interface PyramidCounts {
  layers: LayerCount[];
  /** Non-archived customers. */
  customers: number;
}

/** The paying layer of a spend as SQL (for rows with a visit in the period). */
function payingLayer(spend: RawBuilder<unknown>, cuts: LayerCuts): RawBuilder<Layer> {
  const at = (cut: number | null, layer: Layer) => (cut === null ? sql`` : sql`WHEN ${spend} >= ${cut} THEN ${sql.lit(layer)} `);
  // Nobody spent anything: everyone who came is small.
  if (cuts.top === null && cuts.large === null && cuts.medium === null) return sql<Layer>`'small'`;
  return sql<Layer>`CASE ${at(cuts.top, 'top')}${at(cuts.large, 'large')}${at(cuts.medium, 'medium')}ELSE 'small' END`;
}

export async function pyramidCounts(db: Kysely<DB>, source: PeriodSource): Promise<PyramidCounts> {
  if (source.isDefault) return classifiedCounts(db);
  // GROUP BY layer: the period's table has no column of that name, so both engines read the output column.
  const { rows: paying } = await sql<{ layer: Layer; n: number; revenue: number }>`SELECT ${payingLayer(sql.ref('spend_cents'), source.cuts)} AS layer,
      count(*) AS n, sum(spend_cents) AS revenue
    FROM ${source.table} AS t WHERE visit_count > 0 GROUP BY layer`.execute(db);
  const { rows } = await sql<{ inactive: number; customers: number }>`SELECT
      (SELECT count(*) FROM customer_segments g
        WHERE g.first_month < ${source.range.from}
          AND NOT EXISTS (SELECT 1 FROM ${source.table} p WHERE p.customer_id = g.customer_id AND p.visit_count > 0)) AS inactive,
      (SELECT count(*) FROM customer_segments) AS customers`.execute(db);
  const { inactive, customers } = rows[0]!;
  const byLayer = new Map(paying.map((r) => [r.layer, r]));
  const active = paying.reduce((sum, r) => sum + r.n, 0);
  return {
    customers,
    layers: LAYERS.map((layer) => {
      if (layer === 'inactive') return { layer, customers: inactive, revenueCents: 0 };
      if (layer === 'prospect') return { layer, customers: customers - active - inactive, revenueCents: 0 };
      const r = byLayer.get(layer);
      return { layer, customers: r?.n ?? 0, revenueCents: r?.revenue ?? 0 };
    }),
  };
}

/** The default period's counts, from the classification ensureSegments keeps (the layer index alone). */
async function classifiedCounts(db: Kysely<DB>): Promise<PyramidCounts> {
  const { rows } = await sql<{ layer: Layer; n: number; revenue: number }>`SELECT layer, count(*) AS n, sum(spend_cents) AS revenue
    FROM ${tableThroughIndex(db, 'customer_segments', 'customer_segments_layer')} GROUP BY layer`.execute(db);
  const byLayer = new Map(rows.map((r) => [r.layer, r]));
  return {
    customers: rows.reduce((sum, r) => sum + r.n, 0),
    layers: LAYERS.map((layer) => {
      const r = byLayer.get(layer);
      // Inactive customers and prospects spent nothing in the period, by definition.
      const paying = layer !== 'inactive' && layer !== 'prospect';
      return { layer, customers: r?.n ?? 0, revenueCents: paying ? (r?.revenue ?? 0) : 0 };
    }),
  };
}

/** The spend range [from, to) of a paying layer; null when the layer is empty. */
export function spendRange(layer: 'top' | 'large' | 'medium' | 'small', cuts: LayerCuts): { from: number | null; to: number | null } | null {
  switch (layer) {
    case 'top': return cuts.top === null ? null : { from: cuts.top, to: null };
    case 'large': return cuts.large === null ? null : { from: cuts.large, to: cuts.top };
    case 'medium': return cuts.medium === null ? null : { from: cuts.medium, to: cuts.large ?? cuts.top };
    case 'small': return { from: null, to: cuts.medium ?? cuts.large ?? cuts.top };
  }
}

export interface MemberRow {
  id: number;
  given_name: string;
  name_prefix: string;
  family_name: string;
  /** In the period. */
  spend_cents: number;
  visit_count: number;
  last_visit_at: number | null;
  recency: number;
  frequency: number;
  monetary: number;
}

export interface ContactRow extends MemberRow {
  salutation: string;
  email: string | null;
  phone: string | null;
  preferred_channel: string | null;
  language: string;
  address_city: string;
  marketing_consent: number;
}

interface Members {
  /** The alias whose spend_cents and visit_count are the period's figures. */
  figures: 'p' | 'g';
  /** FROM … WHERE …: p the period's figures, g the segments, c the customers. */
  from: RawBuilder<unknown>;
  order: RawBuilder<unknown>;
}

function members(db: Kysely<DB>, source: PeriodSource, layer: Layer): Members | null {
  if (source.isDefault) {
    // The kept classification: one range of the layer index (the inactive sorted by last visit).
    return {
      figures: 'g',
      from: sql`FROM ${tableThroughIndex(db, 'customer_segments', 'customer_segments_layer', 'g')} JOIN customers c ON c.id = g.customer_id
        WHERE g.layer = ${layer}`,
      order: layer === 'inactive' ? sql`ORDER BY g.last_visit_at DESC, g.customer_id DESC`
        : layer === 'prospect' ? sql`ORDER BY g.customer_id DESC`
        : sql`ORDER BY g.spend_cents DESC, g.customer_id`,
    };
  }
  const base = sql`FROM customer_segments g JOIN customers c ON c.id = g.customer_id
    LEFT JOIN ${source.table} p ON p.customer_id = g.customer_id AND p.visit_count > 0`;
  if (layer === 'inactive') {
    return {
      figures: 'p',
      from: sql`${base} WHERE p.customer_id IS NULL AND g.first_month < ${source.range.from}`,
      order: sql`ORDER BY g.last_visit_at DESC, g.customer_id DESC`,
    };
  }
  if (layer === 'prospect') {
    return {
      figures: 'p',
      from: sql`${base} WHERE p.customer_id IS NULL AND (g.first_month IS NULL OR g.first_month >= ${source.range.from})`,
      order: sql`ORDER BY g.customer_id DESC`,
    };
  }
  const range = spendRange(layer, source.cuts);
  if (!range) return null;
  // From the period's table, so that its spend index gives the order.
  return {
    figures: 'p',
    from: sql`FROM ${source.table} p JOIN customer_segments g ON g.customer_id = p.customer_id JOIN customers c ON c.id = p.customer_id
      WHERE p.visit_count > 0 ${range.from === null ? sql`` : sql`AND p.spend_cents >= ${range.from}`}
        ${range.to === null ? sql`` : sql`AND p.spend_cents < ${range.to}`}`,
    order: sql`ORDER BY p.spend_cents DESC, p.customer_id`,
  };
}

const memberColumns = (m: Members) => sql`c.id, c.given_name, c.name_prefix, c.family_name,
  coalesce(${sql.ref(`${m.figures}.spend_cents`)}, 0) AS spend_cents, coalesce(${sql.ref(`${m.figures}.visit_count`)}, 0) AS visit_count,
  g.last_visit_at, g.recency, g.frequency, g.monetary`;

export async function layerMembers(db: Kysely<DB>, source: PeriodSource, layer: Layer, offset: number, limit: number): Promise<MemberRow[]> {
  const m = members(db, source, layer);
  if (!m) return [];
  const { rows } = await sql<MemberRow>`SELECT ${memberColumns(m)} ${m.from} ${m.order} LIMIT ${limit} OFFSET ${offset}`.execute(db);
  return rows;
}

/**
 * A layer's customers with what a contact list needs (for the export), biggest first, at
 * most `cap`; with `consented`, only those who agreed to offers. `eligible`: how many there
 * are in all.
 */
export async function layerContacts(
  db: Kysely<DB>, source: PeriodSource, layer: Layer, consented: boolean, cap: number,
): Promise<{ rows: ContactRow[]; eligible: number }> {
  const m = members(db, source, layer);
  if (!m) return { rows: [], eligible: 0 };
  const consent = consented ? sql`AND c.marketing_consent = 1` : sql``;
  const { rows } = await sql<ContactRow>`SELECT ${memberColumns(m)}, c.salutation, c.email, c.preferred_channel, c.language,
      c.address_city, c.marketing_consent,
      (SELECT ph.raw FROM customer_phones ph WHERE ph.customer_id = c.id ORDER BY ph.position LIMIT 1) AS phone
    ${m.from} ${consent} ${m.order} LIMIT ${cap}`.execute(db);
  const { rows: count } = await sql<{ n: number }>`SELECT count(*) AS n ${m.from} ${consent}`.execute(db);
  return { rows, eligible: count[0]!.n };
}
