import { useState, type FormEvent } from 'react';
import type { ApiError, AppLanguage, Settings } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { createI18n, useI18n } from '../i18n';
import { useToast } from '../ui/toast';
import { Field } from '../ui/Field';
import { useApp } from '../app/AppContext';
import { PrinterSettings } from './PrinterSettings';
import { StaffSettings } from './StaffSettings';
import { FieldSettings } from './FieldSettings';
import { ArchiveSettings } from './ArchiveSettings';

const LANGUAGES: AppLanguage[] = ['nl', 'en'];

type Country = Settings['country'];
// Every country the settings accept (a missing one is a type error), named by the browser in
// the app's language; the shop's neighbours first.
const COUNTRIES = Object.keys({
  NL: 1, BE: 1, DE: 1, LU: 1, FR: 1, GB: 1, IE: 1, AT: 1, CH: 1, DK: 1, ES: 1, IT: 1, PL: 1, PT: 1, SE: 1,
} satisfies Record<Country, 1>) as Country[];

export function SettingsPage() {
  const { t, tDynamic, locale } = useI18n();
  const countryName = new Intl.DisplayNames([locale], { type: 'region' });
  const { settings, info, setSettings } = useApp();
  const notify = useToast();
  const [shopName, setShopName] = useState(settings.shopName);
  const [error, setError] = useState<ApiError | null>(null);
  // The choice shows at once; the whole app switches when the save comes back.
  const [chosenLanguage, setChosenLanguage] = useState<AppLanguage | null>(null);
  const shownLanguage = chosenLanguage ?? settings.language;

  const save = async (patch: Partial<typeof settings>) => {
    setError(null);
    const result = await call('settings.update', patch);
    if (!result.ok) return setError(result.error);
    setSettings(result.value);
    // Confirm in the language just chosen.
    notify(createI18n(result.value.language).t('settings.saved'));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save({ shopName });
  };

  const shopError = error?.fields?.shopName;
  return (
    <div className="page settings">
      <h1>{t('settings.title')}</h1>
      {error && !shopError && <p className="alert" role="alert">{tDynamic(errorKey(error))}</p>}
      <form className="panel" onSubmit={submit} aria-labelledby="shop-title">
        <h2 id="shop-title">{t('settings.shop')}</h2>
        <div className="inline-form">
          <Field label={t('settings.shopName')} error={shopError ? tDynamic(`fieldErrors.${shopError.code}`, shopError.params) : undefined}>
            {(a11y) => <input {...a11y} value={shopName} onChange={(e) => setShopName(e.target.value)} />}
          </Field>
          <button type="submit" className="button button-primary">{t('form.save')}</button>
        </div>
      </form>
      <section className="panel" aria-labelledby="country-title">
        <h2 id="country-title">{t('settings.phoneNumbers')}</h2>
        <Field label={t('settings.country')} hint={t('settings.country.hint')}>
          {(a11y) => (
            <select {...a11y} value={settings.country} onChange={(e) => void save({ country: e.target.value as Country })}>
              {COUNTRIES.map((code) => <option key={code} value={code}>{countryName.of(code) ?? code}</option>)}
            </select>
          )}
        </Field>
      </section>
      <section className="panel" aria-labelledby="language-title">
        <h2 id="language-title">{t('settings.language')}</h2>
        <div className="segmented" role="radiogroup" aria-labelledby="language-title">
          {LANGUAGES.map((language) => (
            <label key={language} className={`segment${shownLanguage === language ? ' is-selected' : ''}`}>
              <input
                type="radio"
                name="language"
                value={language}
                checked={shownLanguage === language}
                onChange={() => {
                  setChosenLanguage(language);
                  void save({ language }).finally(() => setChosenLanguage(null));
                }}
              />
              {language === 'nl' ? 'Nederlands' : 'English'}
            </label>
          ))}
        </div>
      </section>
      <StaffSettings />
      <FieldSettings />
      <PrinterSettings />
      <ArchiveSettings />
      <section className="panel" aria-labelledby="about-title">
        <h2 id="about-title">{t('settings.about')}</h2>
        <dl className="details">
          <div className="details-item"><dt>{t('settings.dataDir')}</dt><dd><code>{info.dataDir}</code></dd></div>
          <div className="details-item"><dt>{t('app.name')}</dt><dd>{t('settings.version', { version: info.version, schema: info.schemaVersion })} · {tDynamic(`settings.mode.${info.mode}`)}</dd></div>
        </dl>
      </section>
    </div>
  );
}
