import { useEffect, useState, type FormEvent } from 'react';
import type { ApiError, EarnRule, Program, Reward } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { useI18n } from '../i18n';
import { useToast } from '../ui/toast';
import { Field } from '../ui/Field';
import { RewardsEditor } from './RewardsEditor';

type RuleKind = EarnRule['kind'];

/** The program as the form edits it: numbers as typed, euros not cents. */
interface Draft {
  kind: RuleKind;
  stamps: string;
  everyEuros: string;
  carryRemainder: boolean;
  points: string;
  cardSize: string;
  expires: boolean;
  expiryMonths: string;
  tiers: { name: string; fromEuros: string; multiplierPercent: string }[];
}

const num = (text: string) => (/^\s*\d+([.,]\d+)?\s*$/.test(text) ? Number(text.replace(',', '.')) : Number.NaN);
const cents = (euros: string) => Math.round(num(euros) * 100);

function toDraft(p: Program): Draft {
  return {
    kind: p.rule.kind,
    stamps: String('stamps' in p.rule ? p.rule.stamps : 1),
    everyEuros: String(p.rule.kind === 'per_amount' ? p.rule.everyCents / 100 : 10),
    carryRemainder: p.rule.kind === 'per_amount' ? p.rule.carryRemainder : true,
    points: String(p.rule.kind === 'points_per_euro' ? p.rule.points : 1),
    cardSize: String(p.cardSize),
    expires: p.expiryMonths !== null,
    expiryMonths: String(p.expiryMonths ?? 12),
    tiers: p.tiers.map((t) => ({ name: t.name, fromEuros: String(t.minSpendCents / 100), multiplierPercent: String(t.multiplierPercent) })),
  };
}

function toInput(d: Draft) {
  const rule: EarnRule =
    d.kind === 'per_visit' ? { kind: 'per_visit', stamps: num(d.stamps) }
      : d.kind === 'per_amount' ? { kind: 'per_amount', stamps: num(d.stamps), everyCents: cents(d.everyEuros), carryRemainder: d.carryRemainder }
        : { kind: 'points_per_euro', points: num(d.points) };
  return {
    rule,
    cardSize: num(d.cardSize),
    expiryMonths: d.expires ? num(d.expiryMonths) : null,
    tiers: d.tiers.map((t) => ({ name: t.name, minSpendCents: cents(t.fromEuros), multiplierPercent: num(t.multiplierPercent) })),
  };
}

export function ProgramPage() {
  const { t, tDynamic } = useI18n();
  const notify = useToast();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [rewards, setRewards] = useState<Reward[]>([]);
  const [error, setError] = useState<ApiError | null>(null);

  const load = () =>
    call('loyalty.program', {}).then((r) => {
      if (!r.ok) return setError(r.error);
      setDraft(toDraft(r.value.program));
      setRewards(r.value.rewards);
    });
  useEffect(() => {
    void load();
  }, []);

  if (!draft) return <div className="page" aria-busy="true">{error && <p className="alert" role="alert">{tDynamic(errorKey(error))}</p>}</div>;

  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const issue = (path: string) => {
    const found = error?.fields?.[path];
    return found ? tDynamic(`fieldErrors.${found.code}`, found.params) : undefined;
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const result = await call('loyalty.updateProgram', toInput(draft));
    if (!result.ok) return setError(result.error);
    setDraft(toDraft(result.value));
    notify(t('program.saved'));
  };

  const numberField = (label: string, key: 'stamps' | 'everyEuros' | 'points' | 'cardSize' | 'expiryMonths', path: string) => (
    <Field label={label} error={issue(path)} className="field-narrow">
      {(a11y) => <input {...a11y} inputMode="decimal" value={draft[key]} onChange={(e) => set({ [key]: e.target.value })} />}
    </Field>
  );

  return (
    <div className="page program">
      <h1>{t('program.title')}</h1>
      <form className="panel" onSubmit={save} aria-labelledby="rule-title" noValidate>
        <h2 id="rule-title">{t('program.rule')}</h2>
        <div className="segmented segmented-wrap" role="radiogroup" aria-labelledby="rule-title">
          {(['per_amount', 'per_visit', 'points_per_euro'] as const).map((kind) => (
            <label key={kind} className={`segment${draft.kind === kind ? ' is-selected' : ''}`}>
              <input type="radio" name="rule" value={kind} checked={draft.kind === kind} onChange={() => set({ kind })} />
              {tDynamic(`program.rule.${kind}`)}
            </label>
          ))}
        </div>
        <div className="form-grid program-grid">
          {draft.kind !== 'points_per_euro' && numberField(t('program.stamps'), 'stamps', 'rule.stamps')}
          {draft.kind === 'per_amount' && numberField(t('program.everyAmount'), 'everyEuros', 'rule.everyCents')}
          {draft.kind === 'points_per_euro' && numberField(t('program.points'), 'points', 'rule.points')}
          {draft.kind !== 'points_per_euro' && numberField(t('program.cardSize'), 'cardSize', 'cardSize')}
          {draft.kind === 'per_amount' && (
            <div className="field checkbox-field field-wide">
              <input id="carry" type="checkbox" checked={draft.carryRemainder} onChange={(e) => set({ carryRemainder: e.target.checked })} />
              <label htmlFor="carry">{t('program.carry')}</label>
            </div>
          )}
        </div>

        <h2>{t('program.expiry')}</h2>
        <div className="form-grid program-grid">
          <div className="field checkbox-field">
            <input id="expires" type="checkbox" checked={draft.expires} onChange={(e) => set({ expires: e.target.checked })} />
            <label htmlFor="expires">{t('program.expiryEnabled')}</label>
          </div>
          {draft.expires && numberField(t('program.expiryMonths'), 'expiryMonths', 'expiryMonths')}
        </div>

        <h2>{t('program.tiers')}</h2>
        {draft.tiers.map((tier, i) => {
          const change = (patch: Partial<Draft['tiers'][number]>) => set({ tiers: draft.tiers.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
          return (
            <div className="tier-row" key={i}>
              <Field label={t('program.tierName')} error={issue(`tiers.${i}.name`)}>
                {(a11y) => <input {...a11y} value={tier.name} onChange={(e) => change({ name: e.target.value })} />}
              </Field>
              <Field label={t('program.tierFrom')} error={issue(`tiers.${i}.minSpendCents`)}>
                {(a11y) => <input {...a11y} inputMode="decimal" value={tier.fromEuros} onChange={(e) => change({ fromEuros: e.target.value })} />}
              </Field>
              <Field label={t('program.tierMultiplier')} error={issue(`tiers.${i}.multiplierPercent`)}>
                {(a11y) => <input {...a11y} inputMode="numeric" value={tier.multiplierPercent} onChange={(e) => change({ multiplierPercent: e.target.value })} />}
              </Field>
              <button type="button" className="button button-ghost button-icon" aria-label={t('program.removeTier', { n: i + 1 })} onClick={() => set({ tiers: draft.tiers.filter((_, j) => j !== i) })}>×</button>
            </div>
          );
        })}
        {draft.tiers.length < 5 && (
          <button type="button" className="button button-link" onClick={() => set({ tiers: [...draft.tiers, { name: '', fromEuros: '250', multiplierPercent: '150' }] })}>
            + {t('program.addTier')}
          </button>
        )}
        {error && !error.fields && <p className="alert" role="alert">{tDynamic(errorKey(error))}</p>}
        <div className="form-actions">
          <button type="submit" className="button button-primary">{t('program.save')}</button>
        </div>
      </form>
      <RewardsEditor rewards={rewards} onChanged={load} />
    </div>
  );
}
