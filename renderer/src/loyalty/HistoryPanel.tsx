import { useEffect, useState } from 'react';
import type { HistoryItem, LoyaltySummary } from '../../../main/api/contract';
import { call } from '../api';
import { useI18n } from '../i18n';
import { counted } from '../today/format';
import { money } from './format';
import { useReceipts } from '../receipts/ReceiptsContext';

interface Props {
  customerId: number;
  /** Changes whenever the loyalty panel wrote something, to reload. */
  version: number;
}

const SHOWN = 200;

export function HistoryPanel({ customerId, version }: Props) {
  const i18n = useI18n();
  const { t, tDynamic, date, dateTime } = i18n;
  const receipts = useReceipts();
  const [history, setHistory] = useState<{ items: HistoryItem[]; total: number } | null>(null);
  const [summary, setSummary] = useState<LoyaltySummary | null>(null);

  useEffect(() => {
    let current = true;
    Promise.all([call('loyalty.history', { customerId, limit: SHOWN }), call('loyalty.summary', { customerId })]).then(([h, s]) => {
      if (!current) return;
      if (h.ok) setHistory(h.value);
      if (s.ok) setSummary(s.value);
    });
    return () => {
      current = false;
    };
  }, [customerId, version]);

  if (!history || !summary) return <section className="panel" aria-busy="true" />;
  const s = summary.stats;
  const stat = (label: string, value: string | null) => (
    <div className="stat">
      <dt>{label}</dt>
      <dd>{value ?? '—'}</dd>
    </div>
  );

  return (
    <section className="panel history" aria-labelledby="history-title">
      <h2 id="history-title">{t('loyalty.history')}</h2>
      <dl className="stats">
        {stat(t('loyalty.stats.lifetime'), money(i18n, s.lifetimeSpendCents))}
        {stat(t('loyalty.stats.year'), money(i18n, s.spend12MonthsCents))}
        {stat(t('loyalty.stats.visits'), String(s.visitCount))}
        {stat(t('loyalty.stats.average'), s.averageSpendCents === null ? null : money(i18n, s.averageSpendCents))}
        {stat(t('loyalty.stats.first'), s.firstVisitAt === null ? null : date(s.firstVisitAt))}
        {stat(t('loyalty.stats.last'), s.lastVisitAt === null ? null : date(s.lastVisitAt))}
        {stat(t('loyalty.stats.interval'), s.usualIntervalDays === null ? null : counted(i18n, 'loyalty.stats.intervalDays', s.usualIntervalDays))}
      </dl>
      {history.items.length === 0 ? (
        <p className="muted">{t('loyalty.historyEmpty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('loyalty.col.when')}</th>
                <th scope="col">{t('loyalty.col.what')}</th>
                <th scope="col" className="num">{t('loyalty.col.amount')}</th>
                <th scope="col" className="num">{t('loyalty.col.points')}</th>
                <th scope="col"><span className="visually-hidden">{t('receipt.reprint')}</span></th>
              </tr>
            </thead>
            <tbody>
              {history.items.map((item) => (
                <tr key={item.key} className={`history-${item.kind}`}>
                  <td>{dateTime(item.at)}</td>
                  <td>
                    <span className="history-kind">{tDynamic(`loyalty.kind.${item.kind}`)}</span>
                    {item.text && <span className="muted"> · {item.text}</span>}
                    {item.code && <span className="code"> · {item.code}</span>}
                  </td>
                  <td className="num">{item.amountCents === null ? '' : money(i18n, item.amountCents)}</td>
                  <td className={`num ${item.points > 0 ? 'plus' : item.points < 0 ? 'minus' : ''}`}>
                    {item.points === 0 ? '' : item.points > 0 ? `+${item.points}` : String(item.points)}
                  </td>
                  <td className="row-actions">
                    {(item.visitId !== null || item.entryId !== null) && (
                      <button
                        type="button"
                        className="button-link"
                        aria-label={t('receipt.reprintOf', { what: `${tDynamic(`loyalty.kind.${item.kind}`)} ${dateTime(item.at)}` })}
                        onClick={() => void receipts.show(item.visitId !== null ? { kind: 'loyalty', visitId: item.visitId } : { kind: 'redemption', entryId: item.entryId! })}
                      >
                        {t('receipt.reprint')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {history.total > history.items.length && <p className="muted">{t('loyalty.historyMore', { shown: history.items.length, total: history.total })}</p>}
    </section>
  );
}
