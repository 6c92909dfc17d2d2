import { useId } from 'react';
import { errorKey } from '../api';
import { href, navigate, section } from '../app/router';
import { useI18n } from '../i18n';
import { money } from '../loyalty/format';
import { counted, shortDate } from '../today/format';
import { Busy } from './Busy';
import { count, layerName } from './format';
import { Pager } from './Pager';
import { useCall } from './useCall';

const PAGE = 50;
const WINDOWS = ['30', '60', '90', '365', 'any'] as const;

/** Regulars staying away (the Today screen's definition), most valuable first; each opens the customer. */
export function OverdueView({ within, offset, version }: { within: string; offset: number; version: number }) {
  const i18n = useI18n();
  const { t, tDynamic } = i18n;
  const id = useId();
  const windowChoice = (WINDOWS as readonly string[]).includes(within) ? within : '60';
  const withinDays = windowChoice === 'any' ? null : Number(windowChoice);
  const page = useCall('insights.overdue', { withinDays, offset, limit: PAGE }, version);
  const p = page.value;
  const params = (w: string, at = 0) => ({ within: w, ...(at ? { at: String(at) } : {}) });

  return (
    <>
      <header className="insights-header">
        <div>
          <h1>{t('insights.overdue.title')}</h1>
          <p className="lead">{t('insights.overdue.lead')}</p>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={id}>{t('insights.overdue.since')}</label>
          <select id={id} value={windowChoice} onChange={(e) => navigate(section('insights', ['overdue'], params(e.target.value)))}>
            {WINDOWS.map((w) => <option key={w} value={w}>{w === 'any' ? t('insights.overdue.any') : t('insights.overdue.days', { n: w })}</option>)}
          </select>
        </div>
      </header>
      <Busy loading={page.loading} />
      {page.error && <p className="alert" role="alert">{tDynamic(errorKey(page.error))}</p>}
      {p && (
        <section className="panel" aria-labelledby="overdue-list-title">
          <h2 id="overdue-list-title">{counted(i18n, 'insights.overdue.count', p.total, { n: count(i18n, p.total) })}</h2>
          {p.items.length === 0 ? <p className="today-empty">{t(p.regularCount === 0 ? 'insights.overdue.none' : 'insights.overdue.empty')}</p> : (
            <table className="table insights-table">
              <thead>
                <tr>
                  <th scope="col">{t('insights.col.name')}</th>
                  <th scope="col">{t('insights.col.layer')}</th>
                  <th scope="col" className="num">{t('insights.col.usually')}</th>
                  <th scope="col" className="num">{t('insights.col.away')}</th>
                  <th scope="col">{t('insights.col.lastVisit')}</th>
                  <th scope="col" className="num">{t('insights.col.visitsEver')}</th>
                  <th scope="col" className="num">{t('insights.col.lifetime')}</th>
                </tr>
              </thead>
              <tbody>
                {p.items.map((r) => (
                  <tr key={r.customerId}>
                    <th scope="row"><a href={href({ name: 'customer', id: r.customerId })}>{r.displayName}</a></th>
                    <td>{r.layer && <span className={`layer-chip layer-${r.layer}`}>{layerName(i18n, r.layer)}</span>}</td>
                    <td className="num">{counted(i18n, 'insights.overdue.every', r.usualIntervalDays, { n: r.usualIntervalDays })}</td>
                    <td className="num overdue-away">{counted(i18n, 'insights.overdue.away', r.daysSinceLastVisit, { n: count(i18n, r.daysSinceLastVisit) })}</td>
                    <td>{shortDate(i18n, r.lastVisitAt)}</td>
                    <td className="num">{count(i18n, r.visitCount)}</td>
                    <td className="num">{money(i18n, r.spendCents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Pager offset={p.offset} size={PAGE} total={p.total} hrefAt={(at) => href(section('insights', ['overdue'], params(windowChoice, at)))} />
        </section>
      )}
    </>
  );
}
