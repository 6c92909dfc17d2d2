import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { ApiError, Customer, DuplicateHit, FieldIssue } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { useI18n } from '../i18n';
import { Field } from '../ui/Field';
import { href } from '../app/router';
import { toInput, type FormState } from './form-state';

const CHANNELS = ['phone', 'whatsapp', 'sms', 'email', 'in_person'] as const;
const LANGUAGES = ['nl', 'en', 'de', 'fr'] as const;
const MAX_PHONES = 5;

interface Props {
  title: string;
  initial: FormState;
  customerId: number | null;
  onSaved(customer: Customer): void;
  onCancel(): void;
  onChange?(form: FormState): void;
}

export function CustomerForm({ title, initial, customerId, onSaved, onCancel, onChange }: Props) {
  const { t, tDynamic } = useI18n();
  const [form, setForm] = useState<FormState>(initial);
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const [duplicates, setDuplicates] = useState<DuplicateHit[]>([]);
  const formRef = useRef<HTMLFormElement>(null);

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => {
    setForm((prev) => {
      const next = { ...prev, [key]: value };
      onChange?.(next);
      return next;
    });
  };

  // Likely duplicates are a warning, never a block: look them up as the details settle.
  const { givenName, familyName, email, phones } = form;
  const phonesKey = phones.join('\n');
  useEffect(() => {
    const timer = setTimeout(async () => {
      const result = await call('customers.duplicates', {
        givenName, familyName, email: email.trim(), phones: phonesKey.split('\n'), excludeId: customerId,
      });
      setDuplicates(result.ok ? result.value : []);
    }, 300);
    return () => clearTimeout(timer);
  }, [givenName, familyName, email, phonesKey, customerId]);

  // Server field paths count only the phones that were filled in.
  const filledPhoneIndex = form.phones.flatMap((p, i) => (p.trim() === '' ? [] : [i]));
  const issueFor = (name: string): FieldIssue | undefined => {
    // Paths come as the contract has them ("customer.email"); the form knows "email".
    const fields = Object.fromEntries(
      Object.entries(error?.fields ?? {}).map(([key, issue]) => [key.replace(/^customer\./, ''), issue]),
    );
    if (name.startsWith('phones.')) {
      const formIndex = Number(name.slice(7));
      const serverIndex = filledPhoneIndex.indexOf(formIndex);
      return serverIndex === -1 ? undefined : fields[`phones.${serverIndex}`];
    }
    return fields[name] ?? Object.entries(fields).find(([key]) => key.startsWith(`${name}.`))?.[1];
  };
  const errorFor = (name: string) => {
    const issue = issueFor(name);
    return issue ? tDynamic(`fieldErrors.${issue.code}`, issue.params) : undefined;
  };

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (saving) return;
    setSaving(true);
    setError(null);
    const input = toInput(form);
    const result = customerId === null
      ? await call('customers.create', { customer: input })
      : await call('customers.update', { id: customerId, customer: input });
    setSaving(false);
    if (result.ok) return onSaved(result.value);
    setError(result.error);
  };

  useEffect(() => {
    // After a refused save, take the shopkeeper to the first field that needs attention.
    if (error?.fields) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [error]);

  const onKeyDown = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
      e.preventDefault();
      void submit();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
    }
  };

  const text = (name: keyof FormState, label: string, opts: { hint?: string; required?: boolean; type?: string; autoFocus?: boolean; className?: string; autoComplete?: string } = {}) => (
    <Field label={label} hint={opts.hint} error={errorFor(name)} required={opts.required} requiredLabel={t('form.required')} className={opts.className}>
      {(a11y) => (
        <input
          {...a11y}
          type={opts.type ?? 'text'}
          autoFocus={opts.autoFocus}
          autoComplete={opts.autoComplete ?? 'off'}
          value={form[name] as string}
          onChange={(e) => set(name, e.target.value as never)}
        />
      )}
    </Field>
  );

  return (
    <form ref={formRef} className="page customer-form" onSubmit={submit} onKeyDown={onKeyDown} noValidate aria-labelledby="form-title">
      <h1 id="form-title">{title}</h1>
      {error && (
        <p className="alert" role="alert">
          {error.code === 'validation' || error.code === 'card_in_use' ? t('form.fixErrors') : tDynamic(errorKey(error))}
        </p>
      )}

      {duplicates.length > 0 && (
        <aside className="warning" aria-labelledby="dup-title">
          <h2 id="dup-title">{t('form.duplicateTitle')}</h2>
          <ul>
            {duplicates.map((d) => (
              <li key={d.id}>
                <a href={href({ name: 'customer', id: d.id })}>{d.displayName}</a>
                {' — '}
                {d.reasons.map((r) => tDynamic(`form.duplicateReason.${r}`)).join(', ')}
                {d.phone && <span className="muted"> · {d.phone}</span>}
              </li>
            ))}
          </ul>
          <p className="muted">{t('form.duplicateHint')}</p>
        </aside>
      )}

      <fieldset className="panel form-grid">
        <legend className="visually-hidden">{t('profile.personal')}</legend>
        {text('givenName', t('customer.givenName'), { required: true, autoFocus: true })}
        {text('namePrefix', t('customer.namePrefix'), { hint: t('customer.namePrefixHint'), className: 'field-narrow' })}
        {text('familyName', t('customer.familyName'))}
        {text('salutation', t('customer.salutation'), { hint: t('customer.salutationHint'), className: 'field-wide' })}
      </fieldset>

      <fieldset className="panel">
        <legend>{t('profile.contact')}</legend>
        <div className="form-grid">
          <div className="phones">
            {form.phones.map((phone, i) => (
              <div className="phone-row" key={i}>
                <Field label={t('customer.phone', { n: i + 1 })} error={errorFor(`phones.${i}`)}>
                  {(a11y) => (
                    <input
                      {...a11y}
                      type="tel"
                      autoComplete="off"
                      value={phone}
                      onChange={(e) => set('phones', form.phones.map((p, j) => (j === i ? e.target.value : p)))}
                    />
                  )}
                </Field>
                {form.phones.length > 1 && (
                  <button
                    type="button"
                    className="button button-ghost button-icon"
                    aria-label={t('customer.removePhone', { n: i + 1 })}
                    onClick={() => set('phones', form.phones.filter((_, j) => j !== i))}
                  >
                    ×
                  </button>
                )}
              </div>
            ))}
            {form.phones.length < MAX_PHONES && (
              <button type="button" className="button button-link" onClick={() => set('phones', [...form.phones, ''])}>
                + {t('customer.addPhone')}
              </button>
            )}
          </div>
          {text('email', t('customer.email'), { type: 'email' })}
          <Field label={t('customer.preferredChannel')}>
            {(a11y) => (
              <select {...a11y} value={form.preferredChannel} onChange={(e) => set('preferredChannel', e.target.value as FormState['preferredChannel'])}>
                <option value="">{t('channel.none')}</option>
                {CHANNELS.map((c) => <option key={c} value={c}>{tDynamic(`channel.${c}`)}</option>)}
              </select>
            )}
          </Field>
          <div className="field field-wide checkbox-field">
            <input
              id="consent"
              type="checkbox"
              checked={form.marketingConsent}
              onChange={(e) => set('marketingConsent', e.target.checked)}
            />
            <label htmlFor="consent">{t('customer.marketingConsent')}</label>
          </div>
        </div>
      </fieldset>

      <fieldset className="panel">
        <legend>{t('customer.address')}</legend>
        <div className="form-grid">
          {text('street', t('customer.street'), { className: 'field-wide' })}
          {text('postalCode', t('customer.postalCode'), { className: 'field-narrow' })}
          {text('city', t('customer.city'))}
        </div>
      </fieldset>

      <fieldset className="panel">
        <legend>{t('profile.personal')}</legend>
        <div className="form-grid">
          <div className="field birthday" role="group" aria-labelledby="birthday-label" aria-describedby={errorFor('birthday') ? 'birthday-error' : undefined}>
            <span id="birthday-label" className="field-label">{t('customer.birthday')}</span>
            <div className="birthday-inputs">
              <input
                aria-label={t('customer.birthdayDay')}
                aria-invalid={Boolean(errorFor('birthday'))}
                inputMode="numeric"
                className="input-day"
                placeholder={t('customer.birthdayDay')}
                value={form.birthdayDay}
                onChange={(e) => set('birthdayDay', e.target.value)}
              />
              <select
                aria-label={t('customer.birthdayMonth')}
                aria-invalid={Boolean(errorFor('birthday'))}
                value={form.birthdayMonth}
                onChange={(e) => set('birthdayMonth', e.target.value)}
              >
                <option value="">{t('customer.birthdayMonth')}</option>
                {Array.from({ length: 12 }, (_, m) => (
                  <option key={m + 1} value={String(m + 1)}>{tDynamic(`month.${m + 1}`)}</option>
                ))}
              </select>
              <input
                aria-label={t('customer.birthdayYear')}
                aria-invalid={Boolean(errorFor('birthday'))}
                inputMode="numeric"
                className="input-year"
                placeholder={t('customer.birthdayYear')}
                value={form.birthdayYear}
                onChange={(e) => set('birthdayYear', e.target.value)}
              />
            </div>
            {errorFor('birthday') && <p id="birthday-error" className="field-error">{errorFor('birthday')}</p>}
          </div>
          <Field label={t('customer.language')}>
            {(a11y) => (
              <select {...a11y} value={form.language} onChange={(e) => set('language', e.target.value as FormState['language'])}>
                {LANGUAGES.map((l) => <option key={l} value={l}>{tDynamic(`language.${l}`)}</option>)}
              </select>
            )}
          </Field>
          {text('cardNumber', t('customer.cardNumber'), { hint: customerId === null ? t('customer.cardNumberHint') : undefined })}
        </div>
      </fieldset>

      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={saving}>
          {saving ? t('form.saving') : t('form.save')}
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>{t('form.cancel')}</button>
        <span className="muted keys">{t('form.keys')}</span>
      </div>
    </form>
  );
}
