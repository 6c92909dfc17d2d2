import { useState, type FormEvent } from 'react';
import type { ApiError, BackupOverview, Settings } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { useI18n } from '../i18n';
import { useToast } from '../ui/toast';
import { Field } from '../ui/Field';
import { useApp } from '../app/AppContext';

type Backup = Settings['backup'];

const int = (text: string) => (/^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN);

/** Daily and on-quit backups, how many are kept, and when the home screen warns. */
export function AutomaticSettings({ onChange }: { onChange: () => void }) {
  const { t, tDynamic } = useI18n();
  const { settings, setSettings } = useApp();
  const notify = useToast();
  const backup = settings.backup;
  const [automatic, setAutomatic] = useState(backup.automatic);
  const [numbers, setNumbers] = useState({
    daily: String(backup.keep.daily),
    weekly: String(backup.keep.weekly),
    monthly: String(backup.keep.monthly),
    warnAfterDays: String(backup.warnAfterDays),
  });
  const [error, setError] = useState<ApiError | null>(null);

  const issue = (field: string) => {
    const found = error?.fields?.[`backup.${field}`];
    return found ? tDynamic(`fieldErrors.${found.code}`, found.params) : undefined;
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const next: Backup = {
      ...settings.backup,
      automatic,
      keep: { daily: int(numbers.daily), weekly: int(numbers.weekly), monthly: int(numbers.monthly) },
      warnAfterDays: int(numbers.warnAfterDays),
    };
    const result = await call('settings.update', { backup: next });
    if (!result.ok) return setError(result.error);
    setError(null);
    setSettings(result.value);
    onChange();
    notify(t('backup.auto.saved'));
  };

  const number = (key: keyof typeof numbers, label: string, field: string) => (
    <Field label={label} error={issue(field)} className="backup-number">
      {(a11y) => <input {...a11y} inputMode="numeric" value={numbers[key]} onChange={(e) => setNumbers({ ...numbers, [key]: e.target.value })} />}
    </Field>
  );

  return (
    <form className="panel backup-auto" onSubmit={save} aria-labelledby="backup-auto-title" noValidate>
      <h2 id="backup-auto-title">{t('backup.auto.title')}</h2>
      <div className="field checkbox-field">
        <input id="backup-automatic" type="checkbox" checked={automatic} onChange={(e) => setAutomatic(e.target.checked)} />
        <label htmlFor="backup-automatic">{t('backup.auto.enabled')}</label>
      </div>
      <fieldset className="backup-keep">
        <legend>{t('backup.auto.keep')}</legend>
        {number('daily', t('backup.auto.daily'), 'keep.daily')}
        {number('weekly', t('backup.auto.weekly'), 'keep.weekly')}
        {number('monthly', t('backup.auto.monthly'), 'keep.monthly')}
      </fieldset>
      <p className="muted">{t('backup.auto.hint')}</p>
      {number('warnAfterDays', t('backup.auto.warnAfter'), 'warnAfterDays')}
      {error && !error.fields && <p className="alert" role="alert">{tDynamic(errorKey(error), error.params)}</p>}
      <div className="backup-actions">
        <button type="submit" className="button button-primary">{t('backup.auto.save')}</button>
      </div>
    </form>
  );
}

/** A backup password (kept only as a wrapped key, see main/node/backup/crypto.ts) and the switch. */
export function EncryptionSettings({ overview, onChange }: { overview: BackupOverview; onChange: (overview: BackupOverview) => void }) {
  const { t, tDynamic } = useI18n();
  const { settings, setSettings } = useApp();
  const notify = useToast();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [mismatch, setMismatch] = useState(false);
  const [busy, setBusy] = useState(false);

  const toggle = async (encrypt: boolean) => {
    const result = await call('settings.update', { backup: { ...settings.backup, encrypt } });
    if (!result.ok) return setError(result.error);
    setSettings(result.value);
    const next = await call('backup.overview', {});
    if (next.ok) onChange(next.value);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setMismatch(password !== repeat);
    if (password !== repeat) return;
    setBusy(true);
    const result = await call('backup.setPassword', { password });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setError(null);
    setPassword('');
    setRepeat('');
    onChange(result.value);
    notify(t('backup.crypt.saved'));
  };

  const passwordIssue = error?.fields?.password;
  return (
    <section className="panel backup-crypt" aria-labelledby="backup-crypt-title">
      <h2 id="backup-crypt-title">{t('backup.crypt.title')}</h2>
      <p>{t('backup.crypt.intro')}</p>
      <div className="field checkbox-field">
        <input id="backup-encrypt" type="checkbox" checked={overview.settings.encrypt} disabled={!overview.hasPassword}
          aria-describedby="backup-encrypt-hint" onChange={(e) => void toggle(e.target.checked)} />
        <label htmlFor="backup-encrypt">{t('backup.crypt.enabled')}</label>
      </div>
      <p id="backup-encrypt-hint" className="muted">{overview.hasPassword ? t('backup.crypt.has') : t('backup.crypt.noPassword')}</p>
      <form className="backup-password" onSubmit={submit} noValidate aria-label={overview.hasPassword ? t('backup.crypt.change') : t('backup.crypt.set')}>
        <div className="form-grid">
          <Field label={t('backup.crypt.password')} hint={t('backup.crypt.passwordHint')}
            error={passwordIssue ? tDynamic(`fieldErrors.${passwordIssue.code}`, passwordIssue.params) : undefined}>
            {(a11y) => <input {...a11y} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
          </Field>
          <Field label={t('backup.crypt.repeat')} error={mismatch ? t('backup.crypt.mismatch') : undefined}>
            {(a11y) => <input {...a11y} type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} />}
          </Field>
        </div>
        <p className="warning backup-crypt-warning">{t('backup.crypt.warning')} {overview.hasPassword && t('backup.crypt.oldBackups')}</p>
        {error && !error.fields && <p className="alert" role="alert">{tDynamic(errorKey(error), error.params)}</p>}
        <div className="backup-actions">
          <button type="submit" className="button button-ghost" disabled={busy}>{overview.hasPassword ? t('backup.crypt.change') : t('backup.crypt.set')}</button>
        </div>
      </form>
    </section>
  );
}
