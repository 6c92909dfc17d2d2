import { useRef, useState } from 'react';
import type { ApiError, LoyaltySummary, Redemption, Reward } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { useI18n } from '../i18n';
import { units } from './format';

interface Props {
  summary: LoyaltySummary;
  customerName: string;
  onRedeemed(summary: LoyaltySummary, line: string, entryId: number): void;
}

type Pending = { reward: Reward; key: string; busy: boolean; error: ApiError | null; done: Redemption | null };

export function RewardsList({ summary, customerName, onRedeemed }: Props) {
  const i18n = useI18n();
  const { t, tDynamic } = i18n;
  const dialog = useRef<HTMLDialogElement>(null);
  const [pending, setPending] = useState<Pending | null>(null);

  const open = (reward: Reward) => {
    // One key per decision: a double click or a repeated call redeems once.
    setPending({ reward, key: crypto.randomUUID(), busy: false, error: null, done: null });
    dialog.current?.showModal();
  };

  const close = () => {
    dialog.current?.close();
    setPending(null);
  };

  const confirm = async () => {
    if (!pending || pending.busy || pending.done) return;
    setPending({ ...pending, busy: true, error: null });
    const result = await call('loyalty.redeem', { customerId: summary.customerId, rewardId: pending.reward.id, idempotencyKey: pending.key });
    if (!result.ok) return setPending({ ...pending, busy: false, error: result.error });
    setPending({ ...pending, busy: false, done: result.value });
    onRedeemed(result.value.summary, t('loyalty.redeemed', { reward: result.value.reward.name, code: result.value.code }), result.value.entryId);
  };

  return (
    <div className="rewards">
      <h3>{t('loyalty.rewards')}</h3>
      {summary.rewards.length === 0 ? (
        <p className="muted">{t('loyalty.noRewards')}</p>
      ) : (
        <ul className="reward-list">
          {summary.rewards.map((r) => (
            <li key={r.id} className={`reward${r.affordable ? ' is-affordable' : ''}`}>
              <span className="reward-name">{r.name}</span>
              <span className="reward-cost">{units(i18n, r.cost, summary.unit)}</span>
              {r.affordable ? (
                <button type="button" className="button button-primary button-small" onClick={() => open(r)} aria-label={t('loyalty.redeemReward', { reward: r.name })}>
                  {t('loyalty.redeem')}
                </button>
              ) : (
                <span className="muted reward-missing">{t('loyalty.missing', { missing: units(i18n, r.cost - summary.balance, summary.unit) })}</span>
              )}
            </li>
          ))}
        </ul>
      )}

      <dialog ref={dialog} className="dialog" aria-labelledby="redeem-title" onClose={() => setPending(null)}>
        {pending && !pending.done && (
          <form method="dialog" onSubmit={(e) => { e.preventDefault(); void confirm(); }}>
            <h2 id="redeem-title">{t('loyalty.confirmTitle', { reward: pending.reward.name })}</h2>
            <p>{t('loyalty.confirmBody', { cost: units(i18n, pending.reward.cost, summary.unit), name: customerName, balance: units(i18n, summary.balance, summary.unit) })}</p>
            {pending.error && <p className="alert" role="alert">{tDynamic(errorKey(pending.error), pending.error.params)}</p>}
            <div className="dialog-actions">
              <button type="submit" className="button button-primary" autoFocus disabled={pending.busy}>{t('loyalty.confirm')}</button>
              <button type="button" className="button button-ghost" onClick={close}>{t('form.cancel')}</button>
            </div>
          </form>
        )}
        {pending?.done && (
          <div>
            <h2 id="redeem-title">{t('loyalty.redeemedTitle')}: {pending.done.reward.name}</h2>
            <p className="muted">{t('loyalty.codeLabel')}</p>
            <p className="redeem-code">{pending.done.code}</p>
            <div className="dialog-actions">
              <button type="button" className="button button-primary" autoFocus onClick={close}>{t('loyalty.close')}</button>
            </div>
          </div>
        )}
      </dialog>
    </div>
  );
}
