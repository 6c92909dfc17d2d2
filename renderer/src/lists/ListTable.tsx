import { useState } from 'react';
import type { ListColumn, ListRow, Unit } from '../../../main/api/contract';
import { useApp } from '../app/AppContext';
import { href } from '../app/router';
import { useI18n } from '../i18n';
import { cellText, NUMERIC } from './format';

/** A list's customers in the columns it shows; each name opens the customer. */
export function ListTable({ columns, rows, unit, caption }: { columns: ListColumn[]; rows: ListRow[]; unit: Unit; caption: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <table className="table lists-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c} scope="col" className={NUMERIC.has(c) ? 'num' : undefined}>{i18n.tDynamic(`lists.col.${c}`)}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.customerId}>
            {columns.map((c) => {
              if (c === 'name') {
                return (
                  <th key={c} scope="row">
                    <a className="member-name" href={href({ name: 'customer', id: row.customerId })}>{row.displayName}</a>
                  </th>
                );
              }
              if (c === 'consent') {
                return (
                  <td key={c} className={`consent ${row.marketingConsent ? 'is-yes' : 'is-no'}`}>
                    {row.marketingConsent ? t('lists.consent.yes') : t('lists.consent.no')}
                  </td>
                );
              }
              const reason = c === 'reason' && row.reason ? ` lists-reason is-${row.reason}` : '';
              return <td key={c} className={`${NUMERIC.has(c) ? 'num' : 'nowrap'}${reason}`}>{cellText(i18n, row, c, unit)}</td>;
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** On paper only: whose list, and when it was printed. */
export function PrintHead() {
  const i18n = useI18n();
  const { settings } = useApp();
  const [openedAt] = useState(() => Date.now());
  return (
    <p className="lists-print-only lists-print-head">
      {settings.shopName && <strong>{settings.shopName} · </strong>}
      {i18n.t('lists.printedOn', { date: i18n.date(openedAt) })}
    </p>
  );
}
