import type { ListColumn, ListRow, Unit } from '../../../main/api/contract';
import type { I18n } from '../i18n';
import { money, units } from '../loyalty/format';
import { counted, shortDate, shortWeekdayDate } from '../today/format';

// How a list's cells read on screen and on paper (the CSV writes its own, main/api/lists/csv.ts).

/** Columns whose values line up on the right. */
export const NUMERIC: ReadonlySet<ListColumn> = new Set(['turns', 'spend', 'visits', 'balance', 'averageScore', 'feedbackCount', 'lastScore', 'openComplaints']);

/** "27 Nov", for a birthday without its year (29 February included). */
export function dayMonth(i18n: I18n, day: number, month: number): string {
  return new Intl.DateTimeFormat(i18n.locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(Date.UTC(2000, month - 1, day));
}

const dash = '—';

/** The text of one cell (the name column is drawn as a link by the table). */
export function cellText(i18n: I18n, row: ListRow, column: ListColumn, unit: Unit): string {
  const { t, tDynamic } = i18n;
  const date = (ms: number | null | undefined) => (ms === null || ms === undefined ? dash : shortDate(i18n, ms));
  switch (column) {
    case 'name': return row.displayName;
    case 'celebrates': return row.celebrates ? shortWeekdayDate(i18n, row.celebrates) : dash;
    case 'turns': return row.turns === null || row.turns === undefined ? dash : String(row.turns);
    case 'birthday': return row.birthday ? dayMonth(i18n, row.birthday.day, row.birthday.month) : dash;
    case 'city': return row.city || dash;
    case 'layer': return row.layer ? tDynamic(`lists.layer.${row.layer}`) : dash;
    case 'spend': return row.spendCents === undefined ? dash : money(i18n, row.spendCents);
    case 'visits': return row.visitCount === undefined ? dash : String(row.visitCount);
    case 'lastVisit': return row.lastVisitAt === null ? t('lists.never') : date(row.lastVisitAt);
    case 'usualInterval': return row.usualIntervalDays ? counted(i18n, 'lists.days', row.usualIntervalDays) : dash;
    case 'reason': return row.reason ? tDynamic(`lists.reason.${row.reason}`) : dash;
    case 'balance': return row.balance === undefined ? dash : units(i18n, row.balance, unit);
    case 'averageScore':
      return row.averageScore === undefined ? dash : t('lists.score', { score: row.averageScore.toLocaleString(i18n.locale, { maximumFractionDigits: 1 }) });
    case 'feedbackCount': return row.feedbackCount === undefined ? dash : String(row.feedbackCount);
    case 'lastScore': return row.lastScore === null || row.lastScore === undefined ? dash : t('lists.score', { score: row.lastScore });
    case 'lastFeedback': return date(row.lastFeedbackAt);
    case 'openComplaints': return row.openComplaints ? String(row.openComplaints) : dash;
    case 'oldestOpen': return date(row.oldestOpenAt);
    case 'consent': return row.marketingConsent ? t('lists.consent.yes') : t('lists.consent.no');
  }
}
