import { useState, type FormEvent } from 'react';
import type { ApiError, BackupOverview } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { useI18n } from '../i18n';
import { useToast } from '../ui/toast';
import { Field } from '../ui/Field';

/** Where backups go: a dialog in the desktop app, a typed path (checked in main) in web mode. */
export function FolderSettings({ overview, onChange }: { overview: BackupOverview; onChange: (overview: BackupOverview) => void }) {
  const { t, tDynamic } = useI18n();
  const notify = useToast();
  const [typed, setTyped] = useState(overview.folder.path);
  const [error, setError] = useState<ApiError | null>(null);
  const { path, state } = overview.folder;

  const saved = (next: BackupOverview) => {
    setError(null);
    setTyped(next.folder.path);
    onChange(next);
    notify(t('backup.folder.saved'));
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const result = await call('backup.setFolder', { folder: typed });
    if (result.ok) saved(result.value);
    else setError(result.error);
  };

  const choose = async () => {
    const result = await call('backup.pickFolder', {});
    if (!result.ok) return setError(result.error);
    if (result.value) saved(result.value);
  };

  const reset = async () => {
    const result = await call('backup.setFolder', { folder: '' });
    if (result.ok) saved(result.value);
    else setError(result.error);
  };

  const where = state === 'default' ? t('backup.folder.default', { folder: overview.fallbackFolder }) : tDynamic(`backup.folder.${state}`, { folder: path });
  const fieldError = error && !overview.canPickFolder ? tDynamic(errorKey(error), error.params) : undefined;
  return (
    <section className="panel backup-folder" aria-labelledby="backup-folder-title">
      <h2 id="backup-folder-title">{t('backup.folder.title')}</h2>
      <p className={state === 'missing' || state === 'unusable' ? 'banner' : 'backup-where'}>{where}</p>
      {state === 'default' && <p className="muted">{t('backup.folder.defaultHint')}</p>}
      {overview.canPickFolder ? (
        <div className="backup-actions">
          <button type="button" className="button button-ghost" onClick={() => void choose()}>{t('backup.folder.choose')}</button>
          {state !== 'default' && <button type="button" className="button button-link" onClick={() => void reset()}>{t('backup.folder.reset')}</button>}
        </div>
      ) : (
        <form className="backup-folder-form" onSubmit={save} noValidate aria-label={t('backup.folder.field')}>
          <Field label={t('backup.folder.field')} hint={t('backup.folder.fieldHint')} error={fieldError}>
            {(a11y) => <input {...a11y} value={typed} spellCheck={false} autoComplete="off" onChange={(e) => setTyped(e.target.value)} />}
          </Field>
          <div className="backup-actions">
            <button type="submit" className="button button-ghost">{t('backup.folder.save')}</button>
            {state !== 'default' && <button type="button" className="button button-link" onClick={() => void reset()}>{t('backup.folder.reset')}</button>}
          </div>
        </form>
      )}
      {error && overview.canPickFolder && <p className="alert" role="alert">{tDynamic(errorKey(error), error.params)}</p>}
    </section>
  );
}
