import { useEffect, useState } from 'react';
import type { ApiError, PersonalDataPage } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { useApp } from '../app/AppContext';
import { href } from '../app/router';
import { useI18n } from '../i18n';
import { useToast } from '../ui/toast';
import './privacy.css';

interface Loaded {
  page: PersonalDataPage;
  /** An object URL of the JSON file, for the download link. */
  json: string;
}

/**
 * A customer's data as a page to hand over: printed (or saved as PDF from the print
 * window), saved as PDF by the desktop app, or downloaded as a JSON file.
 */
export function ExportPage({ customerId }: { customerId: number }) {
  const { t, tDynamic } = useI18n();
  const { info } = useApp();
  const notify = useToast();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let current = true;
    let url: string | null = null;
    Promise.all([call('privacy.exportPage', { customerId }), call('privacy.export', { customerId })]).then(([page, data]) => {
      if (!current) return;
      if (!page.ok) return setError(page.error);
      if (!data.ok) return setError(data.error);
      url = URL.createObjectURL(new Blob([JSON.stringify(data.value, null, 2)], { type: 'application/json' }));
      setLoaded({ page: page.value, json: url });
    });
    return () => {
      current = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [customerId]);

  // The title names the file when the print window saves a PDF.
  useEffect(() => {
    if (!loaded) return;
    const before = document.title;
    document.title = loaded.page.title;
    return () => {
      document.title = before;
    };
  }, [loaded]);

  const savePdf = async () => {
    setSaving(true);
    const result = await call('privacy.savePdf', { customerId });
    setSaving(false);
    if (!result.ok) return notify(tDynamic(errorKey(result.error)));
    if (result.value.saved) notify(t('export.saved'));
  };

  return (
    <div className="page export-page" aria-busy={!loaded && !error}>
      <div className="export-toolbar" role="toolbar" aria-label={t('export.toolbar')}>
        <a className="back-link" href={href({ name: 'customer', id: customerId })}>← {t('export.back')}</a>
        {loaded && (
          <>
            <button type="button" className="button button-primary" onClick={() => window.print()}>{t('export.print')}</button>
            {info.mode === 'electron' && (
              <button type="button" className="button button-ghost" disabled={saving} onClick={() => void savePdf()}>{t('export.pdf')}</button>
            )}
            <a className="button button-ghost" href={loaded.json} download={loaded.page.fileName}>{t('export.json')}</a>
            {info.mode !== 'electron' && <span className="muted export-hint">{t('export.hint')}</span>}
          </>
        )}
      </div>
      {error && <p className="alert" role="alert">{tDynamic(errorKey(error))}</p>}
      {!loaded && !error && <p role="status" className="muted">{t('export.loading')}</p>}
      {loaded && (
        // Built by main/api/privacy/export-document.ts: class names only, every text escaped,
        // no script; the same page Electron turns into a PDF.
        <div className="export-document" dangerouslySetInnerHTML={{ __html: loaded.page.html }} />
      )}
    </div>
  );
}
