import { useEffect, useState, type FormEvent } from 'react';
import type { ApiError, CustomerSummary, FieldWithValue, Referrals } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { useI18n } from '../i18n';
import { useToast } from '../ui/toast';
import { Field } from '../ui/Field';
import { href } from '../app/router';

/** The shop's own fields, and who brought whom. */
export function MoreAboutPanel({ customerId, fields, onChanged }: { customerId: number; fields: FieldWithValue[]; onChanged(): void }) {
  const { t, tDynamic } = useI18n();
  const notify = useToast();
  const [values, setValues] = useState<Record<number, string>>(() =>
    Object.fromEntries(fields.map((f) => [f.field.id, f.value === null ? '' : String(f.value)])),
  );
  const [error, setError] = useState<ApiError | null>(null);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const payload = Object.fromEntries(
      fields.map((f) => {
        const raw = values[f.field.id] ?? '';
        return [String(f.field.id), raw === '' ? null : f.field.kind === 'choice' ? Number(raw) : raw];
      }),
    );
    const result = await call('fields.setValues', { customerId, values: payload });
    if (!result.ok) return setError(result.error);
    setError(null);
    notify(t('profileFields.saved'));
    onChanged();
  };

  const issue = (fieldId: number) => {
    const found = error?.fields?.[`values.${fieldId}`];
    return found ? tDynamic(`fieldErrors.${found.code}`, found.params) : undefined;
  };

  return (
    <section className="panel" aria-labelledby="more-title">
      <h2 id="more-title">{t('profileFields.title')}</h2>
      {fields.length === 0 ? <p className="muted">{t('profileFields.none')}</p> : (
        <form onSubmit={save} className="fields-form">
          {fields.map(({ field }) => (
            <Field key={field.id} label={field.name} error={issue(field.id)}>
              {(a11y) =>
                field.kind === 'choice' ? (
                  <select {...a11y} value={values[field.id] ?? ''} onChange={(e) => setValues({ ...values, [field.id]: e.target.value })}>
                    <option value="" />
                    {field.options.map((o) => <option key={o.id} value={o.id}>{o.label}</option>)}
                  </select>
                ) : (
                  <input
                    {...a11y}
                    type={field.kind === 'date' ? 'date' : 'text'}
                    inputMode={field.kind === 'number' ? 'decimal' : undefined}
                    value={values[field.id] ?? ''}
                    onChange={(e) => setValues({ ...values, [field.id]: e.target.value })}
                  />
                )
              }
            </Field>
          ))}
          {error && !error.fields && <p className="alert" role="alert">{tDynamic(errorKey(error))}</p>}
          <button type="submit" className="button button-ghost">{t('profileFields.save')}</button>
        </form>
      )}
      <ReferralsBlock customerId={customerId} onChanged={onChanged} />
    </section>
  );
}

function ReferralsBlock({ customerId, onChanged }: { customerId: number; onChanged(): void }) {
  const { t, tDynamic } = useI18n();
  const [referrals, setReferrals] = useState<Referrals | null>(null);
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<CustomerSummary[]>([]);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    call('customers.referrals', { id: customerId }).then((r) => r.ok && setReferrals(r.value));
  }, [customerId]);

  const search = async (value: string) => {
    setQuery(value);
    const result = value.trim().length >= 2 ? await call('customers.search', { query: value, limit: 6, notes: 0 }) : null;
    setHits(result?.ok ? result.value.hits.filter((h) => h.id !== customerId) : []);
  };
  const set = async (referrerId: number | null) => {
    const result = await call('customers.setReferrer', { id: customerId, referrerId });
    if (!result.ok) return setError(result.error);
    setError(null);
    setReferrals(result.value);
    setQuery('');
    setHits([]);
    onChanged();
  };

  return (
    <div className="referrals">
      <h3>{t('referrals.title')}</h3>
      <p>
        <span className="muted">{t('referrals.referredBy')}: </span>
        {referrals?.referredBy ? (
          <>
            <a href={href({ name: 'customer', id: referrals.referredBy.id })}>{referrals.referredBy.displayName}</a>{' '}
            <button type="button" className="button-link" onClick={() => void set(null)}>{t('referrals.clear')}</button>
          </>
        ) : t('referrals.none')}
      </p>
      <div className="referral-search">
        <input aria-label={t('referrals.set')} placeholder={t('referrals.search')} value={query} onChange={(e) => void search(e.target.value)} />
        {hits.length > 0 && (
          <ul className="referral-hits">
            {hits.map((h) => (
              <li key={h.id}>
                <button type="button" className="button-link" onClick={() => void set(h.id)}>{h.displayName}</button>
                <span className="muted"> {h.city}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      {error && <p className="field-error" role="alert">{error.fields?.referrerId ? tDynamic(`fieldErrors.${error.fields.referrerId.code}`) : tDynamic(errorKey(error))}</p>}
      <p>
        <span className="muted">{t('referrals.brought')}: </span>
        {referrals && referrals.referred.length > 0
          ? referrals.referred.map((r, i) => (
            <span key={r.id}>{i > 0 && ', '}<a href={href({ name: 'customer', id: r.id })}>{r.displayName}</a></span>
          ))
          : t('referrals.broughtNone')}
      </p>
    </div>
  );
}
