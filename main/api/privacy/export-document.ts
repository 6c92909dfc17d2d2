import { escapeHtml } from '../../core/receipts/html.js';
import type { AppLanguage } from '../settings/schema.js';
import { exportLabels, exportLocale, type ExportLabels } from './export-labels.js';
import type { PersonalData } from './types.js';

// The export as a page a customer can read: one HTML fragment (class names only, every text
// escaped, no scripts or inline styles, so the app's CSP shows it as it is), and a whole
// document with its own stylesheet for Electron's PDF printer.

interface Format {
  l: ExportLabels;
  date(ms: number): string;
  dateTime(ms: number): string;
  day(iso: string): string;
  dayMonth(day: number, month: number): string;
  money(cents: number): string;
}

function formatFor(language: AppLanguage): Format {
  const locale = exportLocale(language);
  const date = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric' });
  const dateTime = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' });
  return {
    l: exportLabels(language),
    date: (ms) => date.format(ms),
    dateTime: (ms) => dateTime.format(ms),
    day: (iso) => date.format(new Date(`${iso}T12:00:00`)),
    dayMonth: (day, month) => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long' }).format(new Date(2000, month - 1, day, 12)),
    money: (cents) => money.format(cents / 100),
  };
}

const e = escapeHtml;

export function personName(c: Pick<PersonalData['customer'], 'givenName' | 'namePrefix' | 'familyName'>): string {
  return [c.givenName, c.namePrefix, c.familyName].filter((p) => p !== '').join(' ');
}

function item(label: string, value: string | null): string {
  return `<div class="pd-item"><dt>${e(label)}</dt><dd>${value === null || value === '' ? '<span class="pd-none">—</span>' : value}</dd></div>`;
}

function section(title: string, body: string | null, f: Format, count?: number): string {
  const heading = count === undefined ? e(title) : `${e(title)} <span class="pd-count">(${count})</span>`;
  return `<section class="pd-section"><h2>${heading}</h2>${body ?? `<p class="pd-none">${e(f.l.nothing)}</p>`}</section>`;
}

function table(headers: string[], rows: string[][], numeric: ReadonlySet<number> = new Set()): string {
  const th = headers.map((h, i) => `<th scope="col"${numeric.has(i) ? ' class="pd-num"' : ''}>${e(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((cell, i) => `<td${numeric.has(i) ? ' class="pd-num"' : ''}>${cell}</td>`).join('')}</tr>`).join('');
  return `<table class="pd-table"><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

function personSection(d: PersonalData, f: Format): string {
  const c = d.customer;
  const { l } = f;
  const birthday = c.birthday
    ? e(c.birthday.year === null
      ? f.dayMonth(c.birthday.day, c.birthday.month)
      : f.date(new Date(c.birthday.year, c.birthday.month - 1, c.birthday.day, 12).getTime()))
    : null;
  const address = [c.address.street, [c.address.postalCode, c.address.city].filter(Boolean).join('  ')].filter(Boolean).map(e).join('<br>');
  return section(l.sections.person, `<dl class="pd-list">${[
    item(l.person.name, e(personName(c))),
    item(l.person.salutation, e(c.salutation)),
    item(l.person.birthday, birthday),
    item(l.person.address, address),
    item(l.person.language, e(l.languages[c.language] ?? c.language)),
    item(l.person.card, `<span class="pd-mono">${e(c.cardNumber)}</span>`),
    item(l.person.created, e(f.date(c.createdAt))),
    item(l.person.lastSeen, e(f.date(c.lastSeenAt))),
    ...(c.archivedAt !== null ? [item(l.person.archived, e(f.date(c.archivedAt)))] : []),
    item(l.person.referredBy, c.referredBy === null ? null : e(c.referredBy)),
    ...(c.referredCount > 0 ? [item(l.person.referred, e(String(c.referredCount)))] : []),
  ].join('')}</dl>`, f);
}

function contactSection(d: PersonalData, f: Format): string {
  const c = d.customer;
  const { l } = f;
  const consent = c.marketingConsent
    ? l.contact.consentYes(f.date(c.consentChangedAt ?? c.createdAt))
    : c.consentChangedAt !== null ? l.contact.consentWithdrawn(f.date(c.consentChangedAt)) : l.contact.consentNo;
  return section(l.sections.contact, `<dl class="pd-list">${[
    item(l.contact.phones, c.phones.map((p) => e(p.raw)).join('<br>')),
    item(l.contact.email, e(c.email)),
    item(l.contact.channel, c.preferredChannel ? e(l.channels[c.preferredChannel] ?? c.preferredChannel) : null),
    item(l.contact.consent, e(consent)),
  ].join('')}</dl>`, f);
}

function timelineSection(d: PersonalData, f: Format): string {
  const { l } = f;
  if (d.timeline.length === 0) return section(l.sections.timeline, null, f);
  const rows = d.timeline.map((t) => {
    const notes = [
      t.status ? l.statuses[t.status] ?? t.status : '',
      t.score !== null ? l.score(t.score) : '',
      t.channel ? l.channels[t.channel] ?? t.channel : '',
      t.deletedAt !== null ? l.deleted : '',
    ].filter(Boolean);
    let text = `<p class="pd-text">${e(t.text)}</p>`;
    if (t.resolution) text += `<p class="pd-text pd-resolution">${e(t.resolution)}</p>`;
    if (t.earlierVersions.length > 0) {
      text += `<div class="pd-earlier"><p class="pd-earlier-title">${e(l.earlier(t.earlierVersions.length))}</p>${t.earlierVersions
        .map((v) => `<p class="pd-text"><span class="pd-muted">${e(f.dateTime(v.writtenAt))}</span> ${e(v.text)}</p>`).join('')}</div>`;
    }
    return [
      e(f.dateTime(t.at)),
      `${e(l.kinds[t.kind] ?? t.kind)}${notes.length ? `<br><span class="pd-muted">${e(notes.join(' · '))}</span>` : ''}`,
      text,
      e(t.staff),
    ];
  });
  return section(l.sections.timeline, table([l.col.date, l.col.kind, l.col.text, l.col.by], rows), f, d.timeline.length);
}

function followUpSection(d: PersonalData, f: Format): string {
  const { l } = f;
  if (d.followUps.length === 0) return section(l.sections.followUps, null, f);
  const rows = d.followUps.map((u) => {
    const repeat = u.repeat === 'weeks' && u.repeatWeeks !== null ? l.repeatWeeks(u.repeatWeeks) : u.repeat === 'yearly' ? l.repeatYearly : '';
    return [
      e(f.day(u.dueOn)) + (repeat ? `<br><span class="pd-muted">${e(repeat)}</span>` : ''),
      `<p class="pd-text">${e(u.text)}</p>`,
      e(l.statuses[u.status] ?? u.status),
      e(u.staff),
    ];
  });
  return section(l.sections.followUps, table([l.col.due, l.col.text, l.col.status, l.col.by], rows), f, d.followUps.length);
}

function loyaltySection(d: PersonalData, f: Format): string {
  const { l } = f;
  const unit = (n: number) => (d.loyalty.unit === 'points' ? l.units.points(n) : l.units.stamps(n));
  const parts = [`<p class="pd-balance">${e(l.balance(unit(d.loyalty.balance)))}</p>`];
  if (d.loyalty.visits.length > 0) {
    parts.push(`<h3>${e(l.purchases)} <span class="pd-count">(${d.loyalty.visits.length})</span></h3>`);
    parts.push(table(
      [l.col.date, l.col.kind, l.col.amount, l.col.description],
      d.loyalty.visits.map((v) => [
        e(f.dateTime(v.occurredAt)),
        e(l.visitKinds[v.kind] ?? v.kind) + (v.undoes !== null ? ` <span class="pd-muted">(${e(l.undo)})</span>` : ''),
        v.kind === 'purchase' || v.amountCents !== 0 ? e(f.money(v.amountCents)) : '',
        e(v.description),
      ]),
      new Set([2]),
    ));
  }
  if (d.loyalty.ledger.length > 0) {
    parts.push(`<h3>${e(l.ledger)} <span class="pd-count">(${d.loyalty.ledger.length})</span></h3>`);
    parts.push(table(
      [l.col.date, l.col.kind, l.col.amount, l.col.description],
      d.loyalty.ledger.map((x) => [
        e(f.dateTime(x.createdAt)),
        e(l.ledgerKinds[x.kind] ?? x.kind),
        e(x.amount > 0 ? `+${x.amount}` : String(x.amount)),
        e([x.reward ?? '', x.reason].filter(Boolean).join(' · ')),
      ]),
      new Set([2]),
    ));
  }
  return section(l.sections.loyalty, parts.join(''), f);
}

/** The readable export as an HTML fragment, headed by an h1. */
export function personalDataHtml(d: PersonalData, language: AppLanguage): string {
  const f = formatFor(language);
  const { l } = f;
  const name = personName(d.customer);
  const tags = d.tags.length ? `<ul class="pd-tags">${d.tags.map((t) => `<li>${e(t.name)}</li>`).join('')}</ul>` : null;
  const facts = d.facts.length ? `<ul class="pd-facts">${d.facts.map((x) => `<li>${e(x.text)}</li>`).join('')}</ul>` : null;
  const fields = d.fields.length ? `<dl class="pd-list">${d.fields.map((x) => item(x.name, e(x.value))).join('')}</dl>` : null;
  const receipts = d.receipts.length
    ? table([l.col.date, l.col.kind, l.col.status], d.receipts.map((r) => [
      e(f.dateTime(r.createdAt)), e(l.receiptKinds[r.kind] ?? r.kind), e(l.jobStatuses[r.status] ?? r.status),
    ]))
    : null;
  return [
    '<article class="pd">',
    '<header class="pd-head">',
    `<h1>${e(l.title(name))}</h1>`,
    `<p>${e(d.shop ? l.intro(d.shop) : l.introNoShop)}</p>`,
    `<p class="pd-muted">${e(l.exported(f.dateTime(d.exportedAt)))}</p>`,
    '</header>',
    personSection(d, f),
    contactSection(d, f),
    section(l.sections.interests, tags, f),
    section(l.sections.facts, facts, f),
    timelineSection(d, f),
    followUpSection(d, f),
    section(l.sections.fields, fields, f),
    loyaltySection(d, f),
    section(l.sections.receipts, receipts, f, d.receipts.length || undefined),
    '</article>',
  ].join('\n');
}

export const EXPORT_CSS = `
@page { size: A4; margin: 18mm 16mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "Segoe UI", "Noto Sans", "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; line-height: 1.4; color: #1d2a2e; }
h1 { font-size: 18pt; margin: 0 0 4pt; }
h2 { font-size: 12pt; margin: 0 0 6pt; color: #0a4644; border-bottom: 1pt solid #cfc8bb; padding-bottom: 2pt; }
h3 { font-size: 10.5pt; margin: 10pt 0 4pt; }
.pd-head { margin-bottom: 14pt; }
.pd-head p { margin: 2pt 0; }
.pd-section { margin: 0 0 14pt; }
.pd-list { margin: 0; display: grid; grid-template-columns: 38% 62%; }
.pd-item { display: contents; }
.pd-item dt { color: #5b6a6f; padding: 2pt 0; }
.pd-item dd { margin: 0; padding: 2pt 0; }
.pd-table { width: 100%; border-collapse: collapse; }
.pd-table th { text-align: left; font-size: 8.5pt; text-transform: uppercase; color: #5b6a6f; border-bottom: 1pt solid #cfc8bb; padding: 3pt 4pt; }
.pd-table td { vertical-align: top; border-bottom: 0.5pt solid #e3ded4; padding: 3pt 4pt; }
.pd-table tr { break-inside: avoid; }
.pd-num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.pd-text { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.pd-resolution { margin-top: 2pt; font-style: italic; }
.pd-earlier { margin-top: 4pt; padding-left: 6pt; border-left: 2pt solid #e3ded4; }
.pd-earlier-title { margin: 0; font-size: 8.5pt; color: #5b6a6f; }
.pd-muted, .pd-none, .pd-count { color: #5b6a6f; font-weight: normal; }
.pd-mono { font-family: "DejaVu Sans Mono", Consolas, monospace; }
.pd-balance { font-weight: bold; margin: 0 0 4pt; }
.pd-tags, .pd-facts { margin: 0; padding-left: 14pt; }
`;

/** A whole page for Electron's PDF printer: the fragment with its stylesheet. */
export function personalDataDocument(d: PersonalData, language: AppLanguage): string {
  const title = exportLabels(language).title(personName(d.customer));
  return [
    '<!doctype html>',
    `<html lang="${language}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${e(title)}</title>`,
    `<style>${EXPORT_CSS}</style>`,
    '</head>',
    `<body>${personalDataHtml(d, language)}</body>`,
    '</html>',
  ].join('\n');
}
