import { useEffect, useState } from 'react';
import type { ApiError, ListName, ListSource, ListView } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { href, navigate, section } from '../app/router';
import { useI18n, type I18n } from '../i18n';
import { units } from '../loyalty/format';
import { counted, noonOf, shortDate } from '../today/format';
import { ExportBar } from './ExportBar';
import { ListTable, PrintHead } from './ListTable';

const SHOWN = 500;

/** The list's source from the address: `#/lists/birthdays?period=month&offset=1`, `#/lists/top?count=50`. */
export function sourceOf(list: ListName, params: Record<string, string>): ListSource {
  switch (list) {
    case 'birthdays':
      return { list, period: params.period === 'month' ? 'month' : 'week', offset: params.offset === '1' ? 1 : 0 };
    case 'top': {
      const count = Number(params.count);
      return { list, count: Number.isInteger(count) && count >= 1 && count <= 1000 ? count : 25 };
    }
    default:
      return { list };
  }
}

const PERIODS = [
  { key: 'week', period: 'week', offset: 0 },
  { key: 'nextWeek', period: 'week', offset: 1 },
  { key: 'month', period: 'month', offset: 0 },
  { key: 'nextMonth', period: 'month', offset: 1 },
] as const;

function windowLine(i18n: I18n, view: ListView): string | null {
  const w = view.window;
  if (!w) return null;
  if (w.period === 'week') return i18n.t('lists.window.week', { week: w.week ?? '', from: shortDate(i18n, noonOf(w.from)), to: shortDate(i18n, noonOf(w.to)) });
  const month = new Intl.DateTimeFormat(i18n.locale, { month: 'long', year: 'numeric' }).format(noonOf(w.from));
  return i18n.t('lists.window.month', { month });
}

function BirthdayPeriods({ source }: { source: Extract<ListSource, { list: 'birthdays' }> }) {
  const { t } = useI18n();
  return (
    <fieldset className="segmented lists-periods lists-noprint">
      <legend className="visually-hidden">{t('lists.period.label')}</legend>
      {PERIODS.map((p) => {
        const selected = p.period === source.period && p.offset === source.offset;
        return (
          <label key={p.key} className={`segment${selected ? ' is-selected' : ''}`}>
            <input type="radio" name="birthday-period" checked={selected}
              onChange={() => navigate(section('lists', ['birthdays'], { period: p.period, offset: String(p.offset) }))} />
            {t(`lists.period.${p.key}`)}
          </label>
        );
      })}
    </fieldset>
  );
}

function TopCount({ count }: { count: number }) {
  const { t } = useI18n();
  const [typed, setTyped] = useState(String(count));
  return (
    <div className="field lists-count lists-noprint">
      <label htmlFor="top-count" className="field-label">{t('lists.count.label')}</label>
      <input id="top-count" type="number" min={1} max={1000} step={1} value={typed}
        onChange={(e) => {
          setTyped(e.target.value);
          const n = e.target.valueAsNumber;
          if (Number.isInteger(n) && n >= 1 && n <= 1000) navigate(section('lists', ['top'], { count: String(n) }));
        }} />
    </div>
  );
}

/** One list to act on: who is on it, printable and exportable. */
export function ActListPage({ list, params }: { list: ListName; params: Record<string, string> }) {
  const i18n = useI18n();
  const { t, tDynamic } = i18n;
  const source = sourceOf(list, params);
  const key = JSON.stringify(source);
  const [answer, setAnswer] = useState<{ key: string; view: ListView } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    let live = true;
    call('lists.get', { source: JSON.parse(key) as ListSource, limit: SHOWN }).then((r) => {
      if (!live) return;
      if (!r.ok) return setError(r.error);
      setError(null);
      setAnswer({ key, view: r.value });
    });
    return () => {
      live = false;
    };
  }, [key]);

  const view = answer?.key === key ? answer.view : null;
  const title = tDynamic(`lists.name.${list}`);
  const heading = view ? counted(i18n, 'lists.total', view.total) : t('lists.loading');
  return (
    <div className="page lists-page lists-print">
      <a className="back-link lists-noprint" href={href(section('lists'))}>← {t('lists.back')}</a>
      <PrintHead />
      <h1>{title}</h1>
      <p className="lead">{tDynamic(`lists.about.${list}`)}</p>
      <div className="lists-controls">
        {source.list === 'birthdays' && <BirthdayPeriods source={source} />}
        {source.list === 'top' && <TopCount count={source.count} />}
        {view && (
          <p className="lists-context">
            {windowLine(i18n, view)}
            {view.since && t('lists.since', { date: shortDate(i18n, noonOf(view.since)) })}
            {list === 'rewards' && (view.reward
              ? t('lists.reward.line', { name: view.reward.name, cost: units(i18n, view.reward.cost, view.unit) })
              : t('lists.reward.none'))}
          </p>
        )}
      </div>
      {error && <p className="alert" role="alert">{tDynamic(errorKey(error))}</p>}
      <ExportBar source={source} empty={!view || view.total === 0} />
      <section className="panel lists-results" aria-labelledby="list-count" aria-busy={!view}>
        <h2 id="list-count">{heading}</h2>
        {view && view.total === 0 && <p className="today-empty">{t('lists.empty')}</p>}
        {view && view.rows.length > 0 && <ListTable columns={view.columns} rows={view.rows} unit={view.unit} caption={title} />}
        {view && view.rows.length < view.total && (
          <p className="muted">{t('lists.shownOf', { shown: view.rows.length, total: view.total, cap: (20_000).toLocaleString(i18n.locale) })}</p>
        )}
      </section>
    </div>
  );
}
