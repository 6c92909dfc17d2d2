import { useState, type FormEvent } from 'react';
import type { ApiError, InsightSettingsView } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { useI18n } from '../i18n';
import { Field } from '../ui/Field';

/** Where the layers are cut (cumulative revenue percents) and how long the default period is. */
export function CutoffsForm({ settings, onSaved }: { settings: InsightSettingsView; onSaved(): void }) {
  const i18n = useI18n();
  const { t, tDynamic } = i18n;
  const [top, setTop] = useState(String(settings.cutoffs.top));
  const [large, setLarge] = useState(String(settings.cutoffs.large));
  const [medium, setMedium] = useState(String(settings.cutoffs.medium));
  const [months, setMonths] = useState(String(settings.periodMonths));
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  const fieldError = (path: string) => {
    const issue = error?.fields?.[path];
    if (!issue) return undefined;
    return path === 'periodMonths' ? t('insights.cutoffs.monthsRange') : t('insights.cutoffs.order');
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setSaved(false);
    const r = await call('insights.saveSettings', {
      cutoffs: { top: Number(top), large: Number(large), medium: Number(medium) }, periodMonths: Number(months),
    });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setError(null);
    setSaved(true);
    onSaved();
  };

  const percentField = (label: string, path: string, value: string, set: (v: string) => void) => (
    <Field label={label} error={fieldError(path)}>
      {(a11y) => (
        <span className="unit-input">
          <input {...a11y} type="number" inputMode="numeric" min={1} max={99} step={1} required value={value}
            onChange={(e) => set(e.target.value)} />
          <span aria-hidden="true">%</span>
        </span>
      )}
    </Field>
  );

  return (
    <form className="cutoffs-form" onSubmit={(e) => void save(e)} noValidate>
      <p className="field-hint">{t('insights.cutoffs.intro')}</p>
      <div className="cutoffs-row">
        {percentField(t('insights.cutoffs.top'), 'cutoffs.top', top, setTop)}
        {percentField(t('insights.cutoffs.large'), 'cutoffs.large', large, setLarge)}
        {percentField(t('insights.cutoffs.medium'), 'cutoffs.medium', medium, setMedium)}
        <Field label={t('insights.cutoffs.months')} error={fieldError('periodMonths')}>
          {(a11y) => (
            <input {...a11y} type="number" inputMode="numeric" min={1} max={36} step={1} required value={months}
              onChange={(e) => setMonths(e.target.value)} />
          )}
        </Field>
      </div>
      <div className="cutoffs-actions">
        <button type="submit" className="button button-primary" disabled={busy}>{t('insights.cutoffs.save')}</button>
        <span role="status">{saved ? t('insights.cutoffs.saved') : ''}</span>
      </div>
      {error && !error.fields && <p className="alert" role="alert">{tDynamic(errorKey(error))}</p>}
    </form>
  );
}
