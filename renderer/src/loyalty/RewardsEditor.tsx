import { useState, type FormEvent } from 'react';
import type { ApiError, Reward } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { useI18n } from '../i18n';
import { useToast } from '../ui/toast';
import { Field } from '../ui/Field';
import { money } from './format';

type Kind = Reward['kind'];
interface Draft { id: number | null; name: string; cost: string; kind: Kind; value: string; activeFrom: string; activeTo: string }

const EMPTY: Draft = { id: null, name: '', cost: '10', kind: 'free_item', value: '', activeFrom: '', activeTo: '' };

// Dates travel as local midnight (from) and the last millisecond of the day (until).
const dayStart = (iso: string) => (iso ? new Date(`${iso}T00:00:00`).getTime() : null);
const dayEnd = (iso: string) => (iso ? new Date(`${iso}T23:59:59.999`).getTime() : null);
const isoDay = (ms: number | null) => {
  if (ms === null) return '';
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
const int = (text: string) => (/^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN);

export function RewardsEditor({ rewards, onChanged }: { rewards: Reward[]; onChanged(): void }) {
  const i18n = useI18n();
  const { t, tDynamic, date } = i18n;
  const notify = useToast();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [error, setError] = useState<ApiError | null>(null);

  const valueOf = (r: Reward) =>
    r.kind === 'amount_off' ? money(i18n, r.value) : r.kind === 'percent_off' ? `${r.value}%` : '';
  const issue = (path: string) => {
    const found = error?.fields?.[path];
    return found ? tDynamic(`fieldErrors.${found.code}`, found.params) : undefined;
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const value = draft.kind === 'amount_off' ? Math.round(Number(draft.value.replace(',', '.')) * 100) : draft.kind === 'percent_off' ? int(draft.value) : 0;
    const result = await call('loyalty.saveReward', {
      id: draft.id, name: draft.name, cost: int(draft.cost), kind: draft.kind, value,
      activeFrom: dayStart(draft.activeFrom), activeTo: dayEnd(draft.activeTo),
    });
    if (!result.ok) return setError(result.error);
    setDraft(EMPTY);
    notify(t('program.rewardSaved'));
    onChanged();
  };

  const retire = async (r: Reward) => {
    const result = await call('loyalty.retireReward', { id: r.id, retired: !r.retired });
    if (!result.ok) return setError(result.error);
    onChanged();
  };

  const edit = (r: Reward) =>
    setDraft({
      id: r.id, name: r.name, cost: String(r.cost), kind: r.kind,
      value: r.kind === 'amount_off' ? String(r.value / 100) : r.kind === 'percent_off' ? String(r.value) : '',
      activeFrom: isoDay(r.activeFrom), activeTo: isoDay(r.activeTo),
    });

  return (
    <section className="panel" aria-labelledby="rewards-title">
      <h2 id="rewards-title">{t('program.rewards')}</h2>
      {rewards.length === 0 ? <p className="muted">{t('program.noRewards')}</p> : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('program.rewardName')}</th>
              <th scope="col" className="num">{t('program.rewardCost')}</th>
              <th scope="col">{t('program.rewardKind')}</th>
              <th scope="col">{t('program.activeFrom')} – {t('program.activeTo')}</th>
              <th scope="col"><span className="visually-hidden">{t('program.editReward')}</span></th>
            </tr>
          </thead>
          <tbody>
            {rewards.map((r) => (
              <tr key={r.id} className={r.retired ? 'is-retired' : undefined}>
                <td>{r.name}{r.retired && <span className="badge"> {t('program.retired')}</span>}</td>
                <td className="num">{r.cost}</td>
                <td>{tDynamic(`program.kind.${r.kind}`)} {valueOf(r)}</td>
                <td>{r.activeFrom || r.activeTo ? `${r.activeFrom ? date(r.activeFrom) : '…'} – ${r.activeTo ? date(r.activeTo) : '…'}` : '—'}</td>
                <td className="row-actions">
                  <button type="button" className="button-link" onClick={() => edit(r)} aria-label={`${t('program.editReward')}: ${r.name}`}>{t('program.editReward')}</button>
                  <button type="button" className="button-link" onClick={() => void retire(r)} aria-label={`${r.retired ? t('program.reactivate') : t('program.retire')}: ${r.name}`}>
                    {r.retired ? t('program.reactivate') : t('program.retire')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="reward-form" onSubmit={save} aria-label={draft.id === null ? t('program.addReward') : `${t('program.editReward')}: ${draft.name}`} noValidate>
        <h3>{draft.id === null ? t('program.addReward') : `${t('program.editReward')}: ${draft.name}`}</h3>
        <div className="form-grid">
          <Field label={t('program.rewardName')} error={issue('name')}>
            {(a11y) => <input {...a11y} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />}
          </Field>
          <Field label={t('program.rewardCost')} error={issue('cost')}>
            {(a11y) => <input {...a11y} inputMode="numeric" value={draft.cost} onChange={(e) => setDraft({ ...draft, cost: e.target.value })} />}
          </Field>
          <Field label={t('program.rewardKind')}>
            {(a11y) => (
              <select {...a11y} value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as Kind })}>
                {(['free_item', 'amount_off', 'percent_off'] as const).map((k) => <option key={k} value={k}>{tDynamic(`program.kind.${k}`)}</option>)}
              </select>
            )}
          </Field>
          {draft.kind !== 'free_item' && (
            <Field label={`${t('program.rewardValue')} (${draft.kind === 'amount_off' ? '€' : '%'})`} error={issue('value')}>
              {(a11y) => <input {...a11y} inputMode="decimal" value={draft.value} onChange={(e) => setDraft({ ...draft, value: e.target.value })} />}
            </Field>
          )}
          <Field label={t('program.activeFrom')}>
            {(a11y) => <input {...a11y} type="date" value={draft.activeFrom} onChange={(e) => setDraft({ ...draft, activeFrom: e.target.value })} />}
          </Field>
          <Field label={t('program.activeTo')} error={issue('activeTo')}>
            {(a11y) => <input {...a11y} type="date" value={draft.activeTo} onChange={(e) => setDraft({ ...draft, activeTo: e.target.value })} />}
          </Field>
        </div>
        {error && !error.fields && <p className="alert" role="alert">{tDynamic(errorKey(error))}</p>}
        <div className="form-actions">
          <button type="submit" className="button button-primary">{draft.id === null ? t('program.addReward') : t('program.saveReward')}</button>
          {draft.id !== null && <button type="button" className="button button-ghost" onClick={() => setDraft(EMPTY)}>{t('form.cancel')}</button>}
        </div>
      </form>
    </section>
  );
}
