import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ApiError, LoyaltySummary, VisitInfo } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { useI18n } from '../i18n';
import { useToast } from '../ui/toast';
import { Field } from '../ui/Field';
import { exampleAmount, money, units } from './format';
import { StampCard } from './StampCard';
import { RewardsList } from './RewardsList';
import { Corrections } from './Corrections';
import { useReceipts } from '../receipts/ReceiptsContext';

interface Props {
  customerId: number;
  customerName: string;
  onChanged(): void;
}

export function LoyaltyPanel({ customerId, customerName, onChanged }: Props) {
  const i18n = useI18n();
  const { t, tDynamic, relative } = i18n;
  const notify = useToast();
  const receipts = useReceipts();
  const [summary, setSummary] = useState<LoyaltySummary | null>(null);
  const [amount, setAmount] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [flash, setFlash] = useState('');
  const [busy, setBusy] = useState(false);
  const amountRef = useRef<HTMLInputElement>(null);
  // One key per sale attempt: a retry of the same sale after an error (the archive could not
  // be reached, but the sale may have been recorded) sends it again, and is recorded once.
  const attempt = useRef<{ input: string; key: string } | null>(null);
  const rewardsRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let current = true;
    call('loyalty.summary', { customerId }).then((r) => {
      if (current && r.ok) setSummary(r.value);
    });
    return () => {
      current = false;
    };
  }, [customerId]);

  const describe = (v: VisitInfo) => (v.kind === 'purchase' ? t('loyalty.purchaseOf', { amount: money(i18n, Math.abs(v.amountCents)) }) : t('loyalty.aVisit'));

  const update = (next: LoyaltySummary) => {
    setSummary(next);
    onChanged();
  };

  const record = async (kind: 'purchase' | 'visit') => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const input = JSON.stringify([customerId, kind, kind === 'purchase' ? amount : '', description]);
    // Other input is another sale: a new key.
    if (attempt.current?.input !== input) attempt.current = { input, key: crypto.randomUUID() };
    const idempotencyKey = attempt.current.key;
    const result = kind === 'purchase'
      ? await call('loyalty.recordPurchase', { customerId, amount, locale: i18n.language, description, idempotencyKey })
      : await call('loyalty.recordVisit', { customerId, description, idempotencyKey });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      amountRef.current?.focus();
      return;
    }
    // Recorded: the next sale, even with the same amount, is a new one.
    attempt.current = null;
    const { earned, expired, visit, summary: next } = result.value;
    const what = describe(visit);
    const line = earned > 0 ? t('loyalty.earned', { earned: units(i18n, earned, next.unit), what }) : t('loyalty.earnedNothing', { what });
    setFlash(expired > 0 ? `${line} ${t('loyalty.expired', { n: units(i18n, expired, next.unit) })}` : line);
    setAmount('');
    setDescription('');
    update(next);
    // Printed after the sale is committed; a printer problem never undoes the sale.
    void receipts.show({ kind: 'loyalty', visitId: visit.id }, { autoPrint: true });
  };

  const undo = async (visit: VisitInfo) => {
    setError(null);
    const result = await call('loyalty.undoLast', { customerId, visitId: visit.id });
    if (!result.ok) return setError(result.error);
    setFlash(t('loyalty.undone', { what: describe(visit) }));
    update(result.value);
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (document.querySelector('dialog[open]')) return;
      if (e.key === 'F2') {
        e.preventDefault();
        amountRef.current?.focus();
      } else if (e.key === 'F3') {
        e.preventDefault();
        void record('visit');
      } else if (e.key === 'F4') {
        e.preventDefault();
        rewardsRef.current?.querySelector<HTMLButtonElement>('button:not([disabled])')?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (!summary) return <section className="panel loyalty" aria-busy="true" />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void record('purchase');
  };
  const amountIssue = error?.fields?.amount;
  const last = summary.lastVisit;

  return (
    <section className="panel loyalty" aria-labelledby="loyalty-title">
      <div className="loyalty-head">
        <h2 id="loyalty-title">{t('loyalty.title')}</h2>
        {summary.tier && <span className="badge">{t('loyalty.tier', { tier: summary.tier.name, multiplier: summary.tier.multiplierPercent / 100 })}</span>}
        <span className="muted keys">{t('loyalty.keys')}</span>
      </div>

      <div className="balance-row">
        <p className="balance" aria-live="polite">
          <span className="balance-number">{summary.balance}</span>
          <span className="balance-unit">{units(i18n, summary.balance, summary.unit).replace(/^-?\d+\s*/, '')}</span>
        </p>
        {summary.unit === 'stamps' && <StampCard balance={summary.balance} size={summary.cardSize} />}
      </div>
      {summary.nextReward && (
        <p className="muted next-reward">
          {t('loyalty.nextReward', { reward: summary.nextReward.name, missing: units(i18n, summary.nextReward.missing, summary.unit) })}
        </p>
      )}

      <form className="counter-form" onSubmit={submit} aria-label={t('loyalty.recordPurchase')}>
        <Field
          label={t('loyalty.amount')}
          className="amount-field"
          error={amountIssue ? tDynamic(`fieldErrors.${amountIssue.code}`, { ...amountIssue.params, example: exampleAmount(i18n) }) : undefined}
        >
          {(a11y) => (
            <div className="amount-input">
              <span aria-hidden="true">€</span>
              <input {...a11y} ref={amountRef} inputMode="decimal" autoComplete="off" placeholder={exampleAmount(i18n)} value={amount} onChange={(e) => setAmount(e.target.value)} />
            </div>
          )}
        </Field>
        <Field label={t('loyalty.description')} className="description-field">
          {(a11y) => <input {...a11y} autoComplete="off" placeholder={t('loyalty.descriptionHint')} value={description} onChange={(e) => setDescription(e.target.value)} />}
        </Field>
        <div className="counter-actions">
          <button type="submit" className="button button-primary" disabled={busy}>{t('loyalty.recordPurchase')}</button>
          <button type="button" className="button button-ghost" disabled={busy} onClick={() => void record('visit')}>{t('loyalty.recordVisit')}</button>
        </div>
      </form>

      <div className="counter-feedback" role="status" aria-live="polite">
        {flash && <strong>{flash}</strong>}
        {last && !last.undone && (
          <span className="last-entry">
            {t('loyalty.lastEntry', { what: describe(last), when: relative(last.occurredAt) })}
            <button type="button" className="button-link" onClick={() => void receipts.show({ kind: 'loyalty', visitId: last.id })}>{t('receipt.reprint')}</button>
            <button type="button" className="button-link" onClick={() => void undo(last)}>{t('loyalty.undo')}</button>
          </span>
        )}
      </div>
      {error && !amountIssue && <p className="alert" role="alert">{tDynamic(errorKey(error), error.params)}</p>}

      <div ref={rewardsRef}>
        <RewardsList
          summary={summary}
          customerName={customerName}
          onRedeemed={(next, line, entryId) => {
            notify(line);
            update(next);
            void receipts.show({ kind: 'redemption', entryId }, { autoPrint: true });
          }}
        />
      </div>
      <Corrections customerId={customerId} unit={summary.unit} onDone={update} />
    </section>
  );
}
