import { useId, useState } from 'react';
import type { CallInput, ListExport } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { downloads, handOver } from '../exchange/handover';
import { useI18n } from '../i18n';
import { counted } from '../today/format';
import { useToast } from '../ui/toast';

type Source = CallInput<'lists.export'>['source'];
type Separator = ';' | ',';

/**
 * Print, or save the list for a spreadsheet: as shown, or as contact details for a mailing
 * (only customers who agreed to offers; the bar says how many were left out and why). The
 * file goes into the exports folder like every export, and downloads from there in web mode.
 */
export function ExportBar({ source, empty }: { source: Source; empty: boolean }) {
  const i18n = useI18n();
  const { t, tDynamic } = i18n;
  const notify = useToast();
  const separatorId = useId();
  const [separator, setSeparator] = useState<Separator>(i18n.language === 'nl' ? ';' : ',');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<ListExport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (kind: 'list' | 'contacts') => {
    setBusy(true);
    setError(null);
    setDone(null);
    const r = await call('lists.export', { source, kind, separator });
    setBusy(false);
    if (!r.ok) return setError(tDynamic(errorKey(r.error)));
    setDone(r.value);
    await handOver(r.value, notify, i18n);
  };

  return (
    <section className="lists-export lists-noprint" aria-labelledby={`${separatorId}-title`}>
      <h2 id={`${separatorId}-title`} className="visually-hidden">{t('lists.export.title')}</h2>
      <div className="lists-export-row">
        <button type="button" className="button button-primary" onClick={() => window.print()}>{t('lists.export.print')}</button>
        <button type="button" className="button button-ghost" disabled={busy || empty} onClick={() => void run('list')}>{t('lists.export.list')}</button>
        <button type="button" className="button button-ghost" disabled={busy || empty} onClick={() => void run('contacts')}
          aria-describedby={`${separatorId}-hint`}>
          {t('lists.export.contacts')}
        </button>
        <div className="field lists-separator">
          <label htmlFor={separatorId} className="field-label">{t('lists.export.separator')}</label>
          <select id={separatorId} value={separator} onChange={(e) => setSeparator(e.target.value as Separator)}>
            <option value=";">{t('lists.export.semicolon')}</option>
            <option value=",">{t('lists.export.comma')}</option>
          </select>
        </div>
      </div>
      <p id={`${separatorId}-hint`} className="field-hint">{t('lists.export.contactsHint')}</p>
      <div role="status" className="lists-export-status">
        {busy && (
          <span className="lists-busy">
            <progress aria-label={t('lists.export.busy')} />
            {t('lists.export.busy')}
          </span>
        )}
        {done && (
          <>
            <span>{counted(i18n, 'lists.export.done', done.rows, { file: done.name })}</span>
            {!downloads(done) && <span>{t('exchange.export.savedIn', { folder: done.folder })}</span>}
            {done.leftOut > 0 && <span className="lists-left-out">{counted(i18n, 'lists.export.leftOut', done.leftOut)}</span>}
            {done.beyondCap > 0 && <span className="lists-left-out">{t('lists.export.beyondCap', { cap: done.cap.toLocaleString(i18n.locale), n: done.beyondCap.toLocaleString(i18n.locale) })}</span>}
          </>
        )}
      </div>
      {error && <p className="alert" role="alert">{error}</p>}
    </section>
  );
}
