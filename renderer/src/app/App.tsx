import { useEffect, useState } from 'react';
import type { ApiError, AppInfo, Settings } from '../../../main/api/contract';
import { ApiFailure, errorKey, request } from '../api';
import { I18nProvider, createI18n } from '../i18n';
import { ToastProvider } from '../ui/toast';
import { AppContext } from './AppContext';
import { Shell } from './Shell';
import { ReceiptsProvider } from '../receipts/ReceiptsContext';
import { ArchiveGate } from '../archive/ArchiveGate';
import { UnreachableChoice } from '../archive/UnreachableChoice';

type Boot =
  | { status: 'loading' }
  | { status: 'ready'; settings: Settings; info: AppInfo }
  | { status: 'failed'; error: ApiError };

export function App() {
  const [boot, setBoot] = useState<Boot>({ status: 'loading' });

  useEffect(() => {
    Promise.all([request('settings.get', {}), request('app.info', {})])
      .then(([settings, info]) => setBoot({ status: 'ready', settings, info }))
      .catch((error: unknown) =>
        setBoot({ status: 'failed', error: error instanceof ApiFailure ? error.error : { code: 'internal', message: String(error) } }),
      );
  }, []);

  useEffect(() => {
    if (boot.status === 'ready') document.documentElement.lang = boot.settings.language;
  }, [boot]);

  if (boot.status !== 'ready') {
    // Before settings arrive the language is unknown: follow the browser.
    const i18n = createI18n(navigator.language.startsWith('nl') ? 'nl' : 'en');
    return (
      <main className="splash">
        <h1 className="brand-mark">{i18n.t('app.name')}</h1>
        <p role={boot.status === 'failed' ? 'alert' : 'status'}>
          {boot.status === 'failed' ? i18n.tDynamic(errorKey(boot.error)) : i18n.t('app.loading')}
        </p>
        {boot.status === 'failed' && boot.error.code === 'archive_unreachable' && <UnreachableChoice i18n={i18n} />}
      </main>
    );
  }

  return (
    <AppContext.Provider
      value={{ settings: boot.settings, info: boot.info, setSettings: (settings) => setBoot({ ...boot, settings }) }}
    >
      <I18nProvider language={boot.settings.language}>
        <ToastProvider>
          <ArchiveGate info={boot.info}>
            <ReceiptsProvider>
              <Shell />
            </ReceiptsProvider>
          </ArchiveGate>
        </ToastProvider>
      </I18nProvider>
    </AppContext.Provider>
  );
}
