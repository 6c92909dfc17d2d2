import { useState, type FormEvent } from 'react';
import type { ApiError, LoyaltySummary, Unit } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { useI18n } from '../i18n';
import { useToast } from '../ui/toast';
import { Field } from '../ui/Field';

interface Props {
  customerId: number;
  unit: Unit;
  onDone(summary: LoyaltySummary): void;
}

const toInt = (text: string) => (/^\s*-?\d+\s*$/.test(text) ? Number(text) : Number.NaN);

/** Corrections with a reason, and stamps carried over from a paper card. */
export function Corrections({ customerId, onDone }: Props) {
  const { t, tDynamic } = useI18n();
  const notify = useToast();
  const [adjust, setAdjust] = useState({ amount: '', reason: '' });
  const [paper, setPaper] = useState({ amount: '', reason: '' });
  const [errors, setErrors] = useState<{ adjust?: ApiError; paper?: ApiError }>({});

  const fieldError = (error: ApiError | undefined, field: string) => {
    const issue = error?.fields?.[field];
    return issue ? tDynamic(`fieldErrors.${issue.code}`, issue.params) : undefined;
  };

  const submitAdjust = async (e: FormEvent) => {
    e.preventDefault();
    const result = await call('loyalty.adjust', { customerId, amount: toInt(adjust.amount), reason: adjust.reason });
    if (!result.ok) return setErrors({ adjust: result.error });
    setErrors({});
    setAdjust({ amount: '', reason: '' });
    notify(t('loyalty.adjusted'));
    onDone(result.value);
  };

  const submitPaper = async (e: FormEvent) => {
    e.preventDefault();
    const result = await call('loyalty.migrate', { customerId, amount: toInt(paper.amount), reason: paper.reason });
    if (!result.ok) return setErrors({ paper: result.error });
    setErrors({});
    setPaper({ amount: '', reason: '' });
    notify(t('loyalty.migrated'));
    onDone(result.value);
  };

  const general = (error?: ApiError) =>
    error && !error.fields ? <p className="alert" role="alert">{tDynamic(errorKey(error), error.params)}</p> : null;

  return (
    <details className="corrections">
      <summary>{t('loyalty.corrections')}</summary>
      <div className="corrections-grid">
        <form onSubmit={submitPaper} aria-labelledby="paper-title">
          <h3 id="paper-title">{t('loyalty.migrate')}</h3>
          <Field label={t('loyalty.migrateAmount')} error={fieldError(errors.paper, 'amount')}>
            {(a11y) => <input {...a11y} inputMode="numeric" value={paper.amount} onChange={(e) => setPaper({ ...paper, amount: e.target.value })} />}
          </Field>
          <Field label={t('loyalty.reason')} error={fieldError(errors.paper, 'reason')}>
            {(a11y) => <input {...a11y} value={paper.reason} onChange={(e) => setPaper({ ...paper, reason: e.target.value })} />}
          </Field>
          {general(errors.paper)}
          <button type="submit" className="button button-ghost">{t('loyalty.apply')}</button>
        </form>
        <form onSubmit={submitAdjust} aria-labelledby="adjust-title">
          <h3 id="adjust-title">{t('loyalty.adjust')}</h3>
          <Field label={t('loyalty.adjustAmount')} error={fieldError(errors.adjust, 'amount')}>
            {(a11y) => <input {...a11y} inputMode="numeric" value={adjust.amount} onChange={(e) => setAdjust({ ...adjust, amount: e.target.value })} />}
          </Field>
          <Field label={t('loyalty.reasonRequired')} error={fieldError(errors.adjust, 'reason')}>
            {(a11y) => <input {...a11y} value={adjust.reason} onChange={(e) => setAdjust({ ...adjust, reason: e.target.value })} />}
          </Field>
          {general(errors.adjust)}
          <button type="submit" className="button button-ghost">{t('loyalty.apply')}</button>
        </form>
      </div>
    </details>
  );
}
