import { useState } from 'react';
import { call, errorKey } from '../api';
import { useI18n } from '../i18n';
import { useToast } from '../ui/toast';
import { useApp } from './AppContext';

/** Who is at the till: remembered in settings, recorded with every note and follow-up. */
export function StaffSelect() {
  const { t, tDynamic } = useI18n();
  const { settings, setSettings } = useApp();
  const notify = useToast();
  const [saving, setSaving] = useState(false);

  if (settings.staff.length === 0) return null;
  // Someone taken off the list stays shown until another name is chosen.
  const names = settings.currentStaff && !settings.staff.includes(settings.currentStaff)
    ? [...settings.staff, settings.currentStaff]
    : settings.staff;

  const choose = async (currentStaff: string) => {
    setSaving(true);
    const result = await call('settings.update', { currentStaff });
    setSaving(false);
    if (!result.ok) return notify(tDynamic(errorKey(result.error)));
    setSettings(result.value);
  };

  return (
    <div className="staff-select">
      <label htmlFor="staff-select" className="visually-hidden">{t('team.atTillLabel')}</label>
      <span className="staff-select-icon" aria-hidden="true" />
      <select id="staff-select" value={settings.currentStaff} aria-busy={saving} onChange={(e) => void choose(e.target.value)}>
        <option value="">{t('team.nobody')}</option>
        {names.map((name) => <option key={name} value={name}>{name}</option>)}
      </select>
    </div>
  );
}
