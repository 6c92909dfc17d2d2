import type { Layer } from '../../../main/api/contract';
import { href, section } from '../app/router';
import { useI18n } from '../i18n';
import { money } from '../loyalty/format';
import { counted } from '../today/format';
import { count, layerName, periodName } from './format';
import { Scores } from './Scores';
import { useCall } from './useCall';
import './insights.css';

/** On the profile: the customer's layer in the pyramid, their R/F/M scores, and whether they are staying away. */
export function CustomerStanding({ customerId, version = 0 }: { customerId: number; version?: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const standing = useCall('insights.standing', { customerId }, version);
  const s = standing.value;
  if (!s) return null;
  const layer: Layer = s.layer;
  return (
    <section className="panel standing-panel" aria-labelledby={`standing-${customerId}`}>
      <h2 id={`standing-${customerId}`}>{t('insights.standing.title')}</h2>
      <p className="standing-line">
        <a className={`layer-chip layer-${layer}`} href={href(section('insights', ['layer', layer]))}>
          {t('insights.standing.layer', { layer: layerName(i18n, layer) })}
        </a>
        <Scores recency={s.recency} frequency={s.frequency} monetary={s.monetary} />
      </p>
      <p className="standing-figures">
        {s.visitCount > 0
          ? t('insights.standing.figures', {
            amount: money(i18n, s.spendCents), visits: counted(i18n, 'insights.standing.visits', s.visitCount, { n: count(i18n, s.visitCount) }),
            period: periodName(i18n, s.period),
          })
          : t(`insights.layer.${layer}.means`)}
      </p>
      {s.overdue && s.usualIntervalDays !== null && s.daysSinceLastVisit !== null && (
        <p className="standing-overdue">
          {t('insights.standing.overdue', {
            usually: counted(i18n, 'insights.overdue.every', s.usualIntervalDays, { n: s.usualIntervalDays }),
            away: counted(i18n, 'insights.overdue.away', s.daysSinceLastVisit, { n: count(i18n, s.daysSinceLastVisit) }),
          })}
        </p>
      )}
    </section>
  );
}
