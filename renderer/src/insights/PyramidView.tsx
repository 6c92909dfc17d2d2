import type { Layer, Pyramid } from '../../../main/api/contract';
import { errorKey } from '../api';
import { href, navigate, section } from '../app/router';
import { useI18n } from '../i18n';
import { counted } from '../today/format';
import { money } from '../loyalty/format';
import { Busy } from './Busy';
import { CutoffsForm } from './CutoffsForm';
import { count, LAYER_ORDER, layerName, percent, periodName } from './format';
import { PeriodPicker, type PeriodChoice } from './PeriodPicker';
import { PyramidChart } from './PyramidChart';
import { ShareChart } from './ShareChart';
import { useCall } from './useCall';

export const periodParams = (period: PeriodChoice): Record<string, string> => (period ? { from: period.from, to: period.to } : {});

/** The pyramid of a period: the drawing, the figures per layer (each opens its customers), the Pareto bars. */
export function PyramidView({ period, version, onSettingsSaved }: { period: PeriodChoice; version: number; onSettingsSaved(): void }) {
  const i18n = useI18n();
  const { t, tDynamic } = i18n;
  const pyramid = useCall('insights.pyramid', { period }, version);
  const settings = useCall('insights.settings', {}, version);
  const open = (layer: Layer) => navigate(section('insights', ['layer', layer], periodParams(period)));
  const p = pyramid.value;

  return (
    <>
      <header className="insights-header">
        <div>
          <h1>{t('insights.pyramid.title')}</h1>
          <p className="lead">{p ? t('insights.pyramid.lead', { period: periodName(i18n, p.period) }) : t('insights.pyramid.intro')}</p>
        </div>
        {p && settings.value && (
          <PeriodPicker period={p.period} current={settings.value.currentMonth} defaultMonths={settings.value.periodMonths}
            onChange={(choice) => navigate(section('insights', [], periodParams(choice)))} />
        )}
      </header>
      <Busy loading={pyramid.loading} />
      {pyramid.error && <p className="alert" role="alert">{tDynamic(errorKey(pyramid.error))}</p>}
      {p && (
        <>
          <p className="insights-totals">
            {counted(i18n, 'insights.pyramid.totals', p.customers, {
              active: count(i18n, p.activeCustomers), customers: count(i18n, p.customers), revenue: money(i18n, p.revenueCents),
            })}
          </p>
          <div className="insights-grid">
            <section className="panel pyramid-panel" aria-labelledby="pyramid-drawing">
              <h2 id="pyramid-drawing">{t('insights.pyramid.drawing')}</h2>
              <PyramidChart pyramid={p} onOpen={open} />
              <p className="field-hint">{t('insights.pyramid.clickHint')}</p>
            </section>
            <section className="panel" aria-labelledby="pyramid-table">
              <h2 id="pyramid-table">{t('insights.pyramid.tableTitle')}</h2>
              <LayerTable pyramid={p} period={period} />
            </section>
          </div>
          <div className="insights-grid insights-grid-even">
            <section className="panel" aria-labelledby="pyramid-share">
              <h2 id="pyramid-share">{t('insights.share.title')}</h2>
              <ShareChart pyramid={p} />
            </section>
            {settings.value && (
              <section className="panel" aria-labelledby="pyramid-cutoffs">
                <h2 id="pyramid-cutoffs">{t('insights.cutoffs.title')}</h2>
                <CutoffsForm settings={settings.value} onSaved={onSettingsSaved} />
              </section>
            )}
          </div>
        </>
      )}
    </>
  );
}

function LayerTable({ pyramid, period }: { pyramid: Pyramid; period: PeriodChoice }) {
  const i18n = useI18n();
  const { t } = i18n;
  const range = (min: number | null, below: number | null) => {
    if (min === null && below === null) return '';
    if (below === null) return t('insights.range.atLeast', { amount: money(i18n, min!) });
    if (min === null) return t('insights.range.below', { amount: money(i18n, below) });
    return t('insights.range.between', { from: money(i18n, min), to: money(i18n, below) });
  };
  return (
    <table className="table insights-table">
      <thead>
        <tr>
          <th scope="col">{t('insights.col.layer')}</th>
          <th scope="col" className="num">{t('insights.col.customers')}</th>
          <th scope="col" className="num">{t('insights.col.customerShare')}</th>
          <th scope="col" className="num">{t('insights.col.revenue')}</th>
          <th scope="col" className="num">{t('insights.col.revenueShare')}</th>
          <th scope="col">{t('insights.col.spend')}</th>
        </tr>
      </thead>
      <tbody>
        {LAYER_ORDER.map((layer) => {
          const l = pyramid.layers.find((x) => x.layer === layer)!;
          const paying = layer !== 'inactive' && layer !== 'prospect';
          return (
            <tr key={layer}>
              <th scope="row">
                <span className={`layer-dot layer-${layer}`} aria-hidden="true" />
                <a href={href(section('insights', ['layer', layer], periodParams(period)))}>{layerName(i18n, layer)}</a>
              </th>
              <td className="num">{count(i18n, l.customers)}</td>
              <td className="num">{paying ? percent(i18n, l.customerShare) : ''}</td>
              <td className="num">{paying ? money(i18n, l.revenueCents) : ''}</td>
              <td className="num">{paying ? percent(i18n, l.revenueShare) : ''}</td>
              <td className="insights-range">{paying ? (l.customers > 0 ? range(l.minSpendCents, l.belowCents) : '') : t(`insights.layer.${layer}.short`)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
