import { useState } from 'react';
import type { ApiError, Layer, LayerExport } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { href, section } from '../app/router';
import { downloads, handOver } from '../exchange/handover';
import { useI18n } from '../i18n';
import { money } from '../loyalty/format';
import { counted, shortDate } from '../today/format';
import { Busy } from './Busy';
import { useToast } from '../ui/toast';
import { count, LAYER_ORDER, layerName, percent, periodName } from './format';
import { Pager } from './Pager';
import type { PeriodChoice } from './PeriodPicker';
import { periodParams } from './PyramidView';
import { Scores } from './Scores';
import { useCall } from './useCall';

const PAGE = 50;

/** One layer's customers, biggest spenders first, paged; saved as a list or a contact list. */
export function LayerView({ layer, period, offset }: { layer: Layer; period: PeriodChoice; offset: number }) {
  const i18n = useI18n();
  const { t, tDynamic } = i18n;
  const page = useCall('insights.layer', { layer, period, offset, limit: PAGE });
  const pyramid = useCall('insights.pyramid', { period });
  const figures = pyramid.value?.layers.find((l) => l.layer === layer);
  const p = page.value;
  const paying = layer !== 'inactive' && layer !== 'prospect';
  const pageHref = (at: number) => href(section('insights', ['layer', layer], { ...periodParams(period), ...(at ? { at: String(at) } : {}) }));

  return (
    <>
      <p className="insights-back"><a href={href(section('insights', [], periodParams(period)))}>← {t('insights.layer.back')}</a></p>
      <header className="insights-header">
        <div>
          <h1>
            <span className={`layer-dot layer-dot-large layer-${layer}`} aria-hidden="true" />
            {t(`insights.layer.${layer}.title`)}
          </h1>
          <p className="lead">
            {p ? `${periodName(i18n, p.period)} · ` : ''}{t(`insights.layer.${layer}.means`)}
          </p>
        </div>
        <nav className="layer-switch" aria-label={t('insights.layer.others')}>
          {LAYER_ORDER.map((other) => (
            <a key={other} href={href(section('insights', ['layer', other], periodParams(period)))} aria-current={other === layer ? 'page' : undefined}>
              {layerName(i18n, other)}
            </a>
          ))}
        </nav>
      </header>
      {figures && pyramid.value && (
        <p className="insights-totals">
          {counted(i18n, 'insights.layer.customers', figures.customers, { n: count(i18n, figures.customers) })}
          {paying && figures.customers > 0 && ` · ${t('insights.layer.revenue', { amount: money(i18n, figures.revenueCents), share: percent(i18n, figures.revenueShare) })}`}
        </p>
      )}
      <ExportButtons layer={layer} period={period} empty={!figures || figures.customers === 0} />
      <Busy loading={page.loading} />
      {page.error && <p className="alert" role="alert">{tDynamic(errorKey(page.error))}</p>}
      {p && (
        <section className="panel" aria-labelledby="layer-list-title">
          <h2 id="layer-list-title" className="visually-hidden">{t('insights.layer.listTitle')}</h2>
          {p.items.length === 0 ? <p className="today-empty">{t('insights.layer.empty')}</p> : (
            <table className="table insights-table">
              <thead>
                <tr>
                  <th scope="col">{t('insights.col.name')}</th>
                  <th scope="col" className="num">{t('insights.col.periodSpend')}</th>
                  <th scope="col" className="num">{t('insights.col.visits')}</th>
                  <th scope="col">{t('insights.col.lastVisit')}</th>
                  <th scope="col">{t('insights.col.scores')}</th>
                </tr>
              </thead>
              <tbody>
                {p.items.map((m) => (
                  <tr key={m.customerId}>
                    <th scope="row"><a href={href({ name: 'customer', id: m.customerId })}>{m.displayName}</a></th>
                    <td className="num">{money(i18n, m.spendCents)}</td>
                    <td className="num">{count(i18n, m.visitCount)}</td>
                    <td>{m.lastVisitAt === null ? '' : shortDate(i18n, m.lastVisitAt)}</td>
                    <td><Scores recency={m.recency} frequency={m.frequency} monetary={m.monetary} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Pager offset={p.offset} size={PAGE} total={p.total} hrefAt={pageHref} />
        </section>
      )}
    </>
  );
}

function ExportButtons({ layer, period, empty }: { layer: Layer; period: PeriodChoice; empty: boolean }) {
  const i18n = useI18n();
  const { t, tDynamic } = i18n;
  const notify = useToast();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<LayerExport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const run = async (kind: 'list' | 'contacts') => {
    setBusy(true);
    setDone(null);
    setError(null);
    const r = await call('insights.export', { layer, period, kind });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setDone(r.value);
    await handOver(r.value, notify, i18n);
  };
  return (
    <div className="insights-export">
      <button type="button" className="button button-ghost" disabled={busy || empty} onClick={() => void run('list')}>{t('insights.export.list')}</button>
      <button type="button" className="button button-ghost" disabled={busy || empty} onClick={() => void run('contacts')}
        aria-describedby="insights-contacts-hint">
        {t('insights.export.contacts')}
      </button>
      <span id="insights-contacts-hint" className="field-hint">{t('insights.export.contactsHint')}</span>
      <div role="status" className="insights-export-status">
        {busy && <span className="insights-busy-inline"><progress aria-label={t('insights.export.busy')} />{t('insights.export.busy')}</span>}
        {done && counted(i18n, 'insights.export.done', done.rows, { file: done.name, n: count(i18n, done.rows) })}
        {done && !downloads(done) && ` ${t('exchange.export.savedIn', { folder: done.folder })}`}
        {done && done.leftOut > 0 && ` ${counted(i18n, 'insights.export.leftOut', done.leftOut, { n: count(i18n, done.leftOut) })}`}
        {done && done.beyondCap > 0 && ` ${counted(i18n, 'insights.export.beyondCap', done.beyondCap, { cap: count(i18n, done.cap), n: count(i18n, done.beyondCap) })}`}
      </div>
      {error && <p className="alert" role="alert">{tDynamic(errorKey(error))}</p>}
    </div>
  );
}
