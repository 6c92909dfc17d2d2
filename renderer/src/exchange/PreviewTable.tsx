import type { PreviewRow } from '../../../main/api/contract';
import { useI18n } from '../i18n';
import { ProblemList } from './ProblemList';

/** One line that never wraps; the title shows what an ellipsis cut off. */
function Clip({ text }: { text: string }) {
  return <span className="exchange-clip" title={text || undefined}>{text}</span>;
}

/** The first rows as they would be imported, each with what is wrong with it. */
export function PreviewTable({ rows }: { rows: PreviewRow[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  const name = (r: PreviewRow) => [r.givenName, r.namePrefix, r.familyName].filter(Boolean).join(' ');
  return (
    <section className="exchange-step" aria-labelledby="preview-title">
      <h3 id="preview-title">{t('exchange.preview.title')}</h3>
      <p className="field-hint" id="preview-hint">{t('exchange.preview.hint')}</p>
      {/* A wide file scrolls sideways inside the card; focusable, so the arrow keys scroll it too. */}
      <div className="exchange-preview-wrap" role="region" aria-labelledby="preview-hint" tabIndex={0}>
        <table className="table exchange-preview">
          <thead>
            <tr>
              <th scope="col" className="num">{t('exchange.preview.row')}</th>
              <th scope="col">{t('exchange.preview.name')}</th>
              <th scope="col">{t('exchange.preview.phones')}</th>
              <th scope="col">{t('exchange.preview.email')}</th>
              <th scope="col">{t('exchange.preview.address')}</th>
              <th scope="col">{t('exchange.preview.birthday')}</th>
              <th scope="col">{t('exchange.preview.card')}</th>
              <th scope="col" className="num">{t('exchange.preview.balance')}</th>
              <th scope="col">{t('exchange.preview.problems')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.row} className={r.empty ? 'is-ignored' : r.problems.length ? 'is-bad' : undefined}>
                <td className="num">{r.row}</td>
                {r.empty ? <td colSpan={7} className="muted">{t('exchange.preview.empty')}</td> : (
                  <>
                    <td><Clip text={name(r)} /></td>
                    <td className="exchange-phones">{r.phones.map((p, i) => <span key={i}>{p}</span>)}</td>
                    <td><Clip text={r.email} /></td>
                    <td className="exchange-address">{r.address}</td>
                    <td className="nowrap">{r.birthday}</td>
                    <td className="code">{r.cardNumber}</td>
                    <td className="num">{r.balance || ''}</td>
                  </>
                )}
                <td className="exchange-check">
                  {r.empty ? null : r.problems.length === 0 ? <span className="exchange-ok">{t('exchange.preview.ok')}</span> : (
                    <ProblemList problems={r.problems} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
