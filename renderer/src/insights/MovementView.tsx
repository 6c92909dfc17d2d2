import { Bar, BarChart, CartesianGrid, LabelList, Legend, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { Movement, MoveKind } from '../../../main/api/contract';
import { errorKey } from '../api';
import { href, navigate, section } from '../app/router';
import { useI18n } from '../i18n';
import { money } from '../loyalty/format';
import { shortDate } from '../today/format';
import { Busy } from './Busy';
import { count, LAYER_ORDER, layerName, percent, periodName } from './format';
import { Pager } from './Pager';
import { PeriodPicker, type PeriodChoice } from './PeriodPicker';
import { periodParams } from './PyramidView';
import { useCall } from './useCall';

const KINDS: MoveKind[] = ['new', 'returned', 'up', 'down', 'lapsed'];
const PAGE = 50;

/** Who moved between layers since the period before: counts, the layers then and now, the revenue split, and each kind's customers. */
export function MovementView({ period, list, offset, version }: { period: PeriodChoice; list: MoveKind; offset: number; version: number }) {
  const i18n = useI18n();
  const { t, tDynamic } = i18n;
  const movement = useCall('insights.movement', { period }, version);
  const settings = useCall('insights.settings', {}, version);
  const m = movement.value;
  const params = (kind: MoveKind, at = 0) => ({ ...periodParams(period), list: kind, ...(at ? { at: String(at) } : {}) });

  return (
    <>
      <header className="insights-header">
        <div>
          <h1>{t('insights.movement.title')}</h1>
          <p className="lead">
            {m ? t('insights.movement.lead', { period: periodName(i18n, m.period), previous: periodName(i18n, m.previous) }) : t('insights.movement.intro')}
          </p>
        </div>
        {m && settings.value && (
          <PeriodPicker period={m.period} current={settings.value.currentMonth} defaultMonths={settings.value.periodMonths}
            onChange={(choice) => navigate(section('insights', ['movement'], periodParams(choice)))} />
        )}
      </header>
      <Busy loading={movement.loading} />
      {movement.error && <p className="alert" role="alert">{tDynamic(errorKey(movement.error))}</p>}
      {m && (
        <>
          <ul className="move-cards" aria-label={t('insights.movement.kinds')}>
            {KINDS.map((kind) => (
              <li key={kind}>
                <a className={`move-card move-${kind}`} href={href(section('insights', ['movement'], params(kind)))} aria-current={kind === list ? 'true' : undefined}>
                  <span className="move-count">{count(i18n, m.moves[kind])}</span>
                  <span className="move-name">{t(`insights.move.${kind}`)}</span>
                  <span className="move-means">{t(`insights.move.${kind}.means`)}</span>
                </a>
              </li>
            ))}
          </ul>
          <div className="insights-grid insights-grid-even">
            <section className="panel" aria-labelledby="movement-layers">
              <h2 id="movement-layers">{t('insights.movement.layers')}</h2>
              <LayersChart movement={m} />
              <LayersTable movement={m} />
            </section>
            <section className="panel" aria-labelledby="movement-revenue">
              <h2 id="movement-revenue">{t('insights.movement.revenue')}</h2>
              <RevenueSplit movement={m} />
            </section>
          </div>
          <Movers period={period} kind={list} offset={offset} version={version} hrefAt={(at) => href(section('insights', ['movement'], params(list, at)))} />
        </>
      )}
    </>
  );
}

function LayersChart({ movement }: { movement: Movement }) {
  const i18n = useI18n();
  const { t } = i18n;
  const data = LAYER_ORDER.filter((l) => l !== 'prospect').map((layer) => {
    const l = movement.layers.find((x) => x.layer === layer)!;
    return { name: layerName(i18n, layer), before: l.before, after: l.after };
  });
  const label = data.map((d) => t('insights.movement.layerItem', { layer: d.name, before: count(i18n, d.before), after: count(i18n, d.after) })).join('; ');
  const asCount = (v: unknown) => count(i18n, Number(v));
  return (
    <div role="img" aria-label={`${t('insights.movement.layers')}: ${label}`} className="movement-chart">
      <ResponsiveContainer width="100%" height={230}>
        <BarChart data={data} margin={{ top: 18, right: 8, bottom: 4, left: 0 }} barGap={3} accessibilityLayer={false}>
          <CartesianGrid vertical={false} stroke="#e3ded4" />
          <XAxis dataKey="name" stroke="#5b6a6f" fontSize={12.5} tickLine={false} interval={0} />
          <YAxis stroke="#5b6a6f" fontSize={12} allowDecimals={false} width={48} tickFormatter={asCount} />
          <Legend verticalAlign="top" height={26} iconType="square" wrapperStyle={{ fontSize: 13 }} />
          <Bar dataKey="before" name={periodName(i18n, movement.previous)} fill="#c9c3b5" isAnimationActive={false}>
            <LabelList dataKey="before" position="top" formatter={asCount} fontSize={11.5} fill="#5b6a6f" />
          </Bar>
          <Bar dataKey="after" name={periodName(i18n, movement.period)} fill="#0f5e5b" isAnimationActive={false}>
            <LabelList dataKey="after" position="top" formatter={asCount} fontSize={11.5} fill="#0a4644" />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

function LayersTable({ movement }: { movement: Movement }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <table className="table insights-table insights-table-compact">
      <caption className="visually-hidden">{t('insights.movement.layers')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('insights.col.layer')}</th>
          <th scope="col" className="num">{periodName(i18n, movement.previous)}</th>
          <th scope="col" className="num">{periodName(i18n, movement.period)}</th>
          <th scope="col" className="num">{t('insights.col.change')}</th>
        </tr>
      </thead>
      <tbody>
        {LAYER_ORDER.map((layer) => {
          const l = movement.layers.find((x) => x.layer === layer)!;
          const change = l.after - l.before;
          return (
            <tr key={layer}>
              <th scope="row"><span className={`layer-dot layer-${layer}`} aria-hidden="true" />{layerName(i18n, layer)}</th>
              <td className="num">{count(i18n, l.before)}</td>
              <td className="num">{count(i18n, l.after)}</td>
              <td className={`num ${change > 0 ? 'plus' : change < 0 ? 'minus' : ''}`}>{change > 0 ? '+' : ''}{count(i18n, change)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function RevenueSplit({ movement }: { movement: Movement }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { totalCents, newCents, returningCents } = movement.revenue;
  const share = (cents: number) => (totalCents > 0 ? cents / totalCents : 0);
  return (
    <>
      <p className="revenue-total">{t('insights.revenue.total', { amount: money(i18n, totalCents) })}</p>
      <div className="revenue-bar" role="img" aria-label={t('insights.revenue.label', {
        returning: percent(i18n, share(returningCents)), fresh: percent(i18n, share(newCents)),
      })}>
        <RevenueBar returning={share(returningCents)} />
      </div>
      <dl className="revenue-legend">
        <div>
          <dt><span className="revenue-key revenue-returning" aria-hidden="true" />{t('insights.revenue.returning')}</dt>
          <dd>{money(i18n, returningCents)} <span className="muted">({percent(i18n, share(returningCents))})</span></dd>
        </div>
        <div>
          <dt><span className="revenue-key revenue-new" aria-hidden="true" />{t('insights.revenue.new')}</dt>
          <dd>{money(i18n, newCents)} <span className="muted">({percent(i18n, share(newCents))})</span></dd>
        </div>
      </dl>
      <p className="field-hint">{t('insights.revenue.hint')}</p>
    </>
  );
}

function RevenueBar({ returning }: { returning: number }) {
  const data = [{ name: 'revenue', returning: returning * 100, fresh: (1 - returning) * 100 }];
  return (
    <ResponsiveContainer width="100%" height={44}>
      <BarChart data={data} layout="vertical" margin={{ top: 0, right: 0, bottom: 0, left: 0 }} accessibilityLayer={false}>
        <XAxis type="number" domain={[0, 100]} hide />
        <YAxis type="category" dataKey="name" hide />
        <Bar dataKey="returning" stackId="r" fill="#0f5e5b" isAnimationActive={false} />
        <Bar dataKey="fresh" stackId="r" fill="#f2b134" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

function Movers({ period, kind, offset, version, hrefAt }: { period: PeriodChoice; kind: MoveKind; offset: number; version: number; hrefAt(at: number): string }) {
  const i18n = useI18n();
  const { t, tDynamic } = i18n;
  const page = useCall('insights.movers', { kind, period, offset, limit: PAGE }, version);
  const p = page.value;
  return (
    <section className="panel" aria-labelledby="movers-title">
      <h2 id="movers-title">{t(`insights.move.${kind}.list`)}</h2>
      {page.error && <p className="alert" role="alert">{tDynamic(errorKey(page.error))}</p>}
      {p && p.items.length === 0 && <p className="today-empty">{t('insights.movement.none')}</p>}
      {p && p.items.length > 0 && (
        <table className="table insights-table">
          <thead>
            <tr>
              <th scope="col">{t('insights.col.name')}</th>
              <th scope="col">{t('insights.col.move')}</th>
              <th scope="col" className="num">{t('insights.col.spendBefore')}</th>
              <th scope="col" className="num">{t('insights.col.spendNow')}</th>
              <th scope="col">{t('insights.col.lastVisit')}</th>
            </tr>
          </thead>
          <tbody>
            {p.items.map((m) => (
              <tr key={m.customerId}>
                <th scope="row"><a href={href({ name: 'customer', id: m.customerId })}>{m.displayName}</a></th>
                <td>
                  <span className={`layer-chip layer-${m.before}`}>{layerName(i18n, m.before)}</span>
                  <span aria-hidden="true"> → </span><span className="visually-hidden"> {t('insights.move.to')} </span>
                  <span className={`layer-chip layer-${m.after}`}>{layerName(i18n, m.after)}</span>
                </td>
                <td className="num">{money(i18n, m.spendBeforeCents)}</td>
                <td className="num">{money(i18n, m.spendAfterCents)}</td>
                <td>{m.lastVisitAt === null ? '' : shortDate(i18n, m.lastVisitAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {p && <Pager offset={p.offset} size={PAGE} total={p.total} hrefAt={hrefAt} />}
    </section>
  );
}
