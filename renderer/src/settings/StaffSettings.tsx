import { useState, type FormEvent } from 'react';
import type { ApiError, Settings } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { useI18n } from '../i18n';
import { useToast } from '../ui/toast';
import { Field } from '../ui/Field';
import { useApp } from '../app/AppContext';

/** Who works at the counter: the names the header offers and notes and follow-ups record. */
export function StaffSettings() {
  const { t, tDynamic } = useI18n();
  const { settings, setSettings } = useApp();
  const notify = useToast();
  const [name, setName] = useState('');
  const [error, setError] = useState<ApiError | null>(null);

  const save = async (patch: Pick<Settings, 'staff'> & Partial<Settings>, done: string) => {
    setError(null);
    const result = await call('settings.update', patch);
    if (!result.ok) {
      setError(result.error);
      return false;
    }
    setSettings(result.value);
    notify(done);
    return true;
  };

  const add = async (e: FormEvent) => {
    e.preventDefault();
    const added = name.trim();
    if (await save({ staff: [...settings.staff, added] }, t('team.added', { name: added }))) setName('');
  };

  const remove = (who: string) =>
    void save(
      // Whoever leaves the list leaves the till too.
      { staff: settings.staff.filter((n) => n !== who), ...(settings.currentStaff === who ? { currentStaff: '' } : {}) },
      t('team.removed', { name: who }),
    );

  const issue = Object.entries(error?.fields ?? {}).find(([path]) => path === 'staff' || path.startsWith('team.'))?.[1];
  const message = issue ? tDynamic(`fieldErrors.${issue.code}`, issue.params) : undefined;

  return (
    <section className="panel staff-settings" aria-labelledby="staff-title">
      <h2 id="staff-title">{t('team.title')}</h2>
      <p className="muted">{t('team.intro')}</p>
      {settings.staff.length === 0 ? <p className="today-empty">{t('team.empty')}</p> : (
        <ul className="plain-list staff-list">
          {settings.staff.map((who) => (
            <li key={who}>
              <span className="staff-name">{who}</span>
              {settings.currentStaff === who && <span className="badge">{t('team.atTill')}</span>}
              <button type="button" className="button-link" aria-label={t('team.removeLabel', { name: who })} onClick={() => remove(who)}>
                {t('team.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="inline-form" onSubmit={add} aria-label={t('team.add')} noValidate>
        <Field label={t('team.name')} error={message}>
          {(a11y) => <input {...a11y} value={name} maxLength={40} autoComplete="off" onChange={(e) => setName(e.target.value)} />}
        </Field>
        <button type="submit" className="button button-primary">{t('team.add')}</button>
      </form>
      {error && !error.fields && <p className="alert" role="alert">{tDynamic(errorKey(error))}</p>}
    </section>
  );
}
