import type { ImportReport } from '../../../main/api/contract';
import { href } from '../app/router';
import { useI18n } from '../i18n';
import { ProblemList } from './ProblemList';

// The dry run's findings: the counts, every bad row with its reasons, and every likely
// duplicate with whom it matches (a row of the file, or a customer already in the archive).

export function ReportView({ report }: { report: ImportReport }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const number = (n: number) => new Intl.NumberFormat(locale).format(n);
  const figures: [string, string][] = [
    [t('exchange.report.rows'), number(report.rows)],
    [t('exchange.report.valid'), number(report.valid)],
    [t('exchange.report.bad'), number(report.badRows)],
    [t('exchange.report.duplicates'), number(report.duplicateRows)],
    [t('exchange.report.empty'), number(report.empty)],
    [t('exchange.report.balances'), t('exchange.report.balancesValue', { total: number(report.balances.total), customers: number(report.balances.customers) })],
  ];
  return (
    <section className="exchange-step exchange-report" aria-labelledby="report-title">
      <h3 id="report-title">{t('exchange.report.title')}</h3>
      <dl className="stats">
        {figures.map(([label, value], i) => (
          <div key={label} className={`stat${i === 2 && report.badRows > 0 ? ' is-bad' : ''}${i === 3 && report.duplicateRows > 0 ? ' is-warn' : ''}`}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {report.badRows === 0 && report.duplicateRows === 0 && <p className="exchange-ok">{t('exchange.report.allGood')}</p>}

      {report.bad.length > 0 && (
        <div className="exchange-findings">
          <h4 id="bad-title">{t('exchange.report.badTitle')}</h4>
          <p className="field-hint">{t('exchange.report.badHint')}</p>
          {/* Focusable, so the list scrolls from the keyboard too. */}
          <div className="table-scroll" role="group" aria-labelledby="bad-title" tabIndex={0}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col" className="num">{t('exchange.report.row')}</th>
                  <th scope="col">{t('exchange.report.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {report.bad.map((bad) => (
                  <tr key={bad.row}>
                    <td className="num">{bad.row}</td>
                    <td>
                      <ProblemList problems={bad.problems} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {report.badRows > report.bad.length && <p className="muted">{t('exchange.report.more', { count: number(report.badRows - report.bad.length) })}</p>}
        </div>
      )}

      {report.duplicates.length > 0 && (
        <div className="exchange-findings">
          <h4 id="dup-title">{t('exchange.report.dupTitle')}</h4>
          <p className="field-hint">{t('exchange.report.dupHint')}</p>
          <div className="table-scroll" role="group" aria-labelledby="dup-title" tabIndex={0}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col" className="num">{t('exchange.report.row')}</th>
                  <th scope="col">{t('exchange.report.field')}</th>
                  <th scope="col">{t('exchange.report.value')}</th>
                  <th scope="col">{t('exchange.report.same')}</th>
                </tr>
              </thead>
              <tbody>
                {report.duplicates.map((d, i) => (
                  <tr key={i}>
                    <td className="num">{d.row}</td>
                    <td>{t(`exchange.report.dupField.${d.field}`)}</td>
                    <td>{d.value}</td>
                    <td>
                      {d.customer
                        ? <a href={href({ name: 'customer', id: d.customer.id })}>{t('exchange.report.sameCustomer', { name: d.customer.name })}</a>
                        : t('exchange.report.sameRow', { row: d.sameAsRow ?? '' })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {report.duplicateRows > new Set(report.duplicates.map((d) => d.row)).size && (
            <p className="muted">{t('exchange.report.more', { count: number(report.duplicateRows - new Set(report.duplicates.map((d) => d.row)).size) })}</p>
          )}
        </div>
      )}
    </section>
  );
}
