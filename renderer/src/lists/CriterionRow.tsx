import { useId, type ReactNode } from 'react';
import type { CustomField, ListLayer, Tag, Unit } from '../../../main/api/contract';
import { useI18n } from '../i18n';
import { LAYER_CHOICES, SCORES, monthName, opsFor, type Draft, type FieldOp, type Match, type Problem, type Score } from './filter-model';

// One condition of the filter builder: a group named for its kind, the controls that kind
// needs, and a Remove button. Every control is a native one with a label, so the whole
// builder works from the keyboard (Tab, arrows, space) without anything to learn.

interface Props {
  draft: Draft;
  tags: readonly Tag[];
  fields: readonly CustomField[];
  unit: Unit;
  problem: Problem | null;
  /** A note or error about this row from the archive, already translated. */
  message: string | null;
  onChange(next: Draft): void;
  onRemove(): void;
}

function Labelled({ label, children, className }: { label: string; className?: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id} className="field-label">{label}</label>
      {children(id)}
    </div>
  );
}

function Checks<T extends string | number>({ legend, items, chosen, onChange, className, hideLegend = false }: {
  legend: string; items: { value: T; label: string }[]; chosen: readonly T[]; onChange(next: T[]): void; className?: string;
  /** When the row already says it (its own legend): named for screen readers only. */
  hideLegend?: boolean;
}) {
  return (
    <fieldset className={`lists-checks${className ? ` ${className}` : ''}`}>
      <legend className={hideLegend ? 'visually-hidden' : 'field-label'}>{legend}</legend>
      {items.map((item) => (
        <label key={String(item.value)} className="lists-check">
          <input type="checkbox" checked={chosen.includes(item.value)}
            onChange={(e) => onChange(e.target.checked ? [...chosen, item.value] : chosen.filter((v) => v !== item.value))} />
          {item.label}
        </label>
      ))}
    </fieldset>
  );
}

export function CriterionRow({ draft, tags, fields, unit, problem, message, onChange, onRemove }: Props) {
  const i18n = useI18n();
  const { t, tDynamic } = i18n;
  const set = (patch: Partial<Draft>) => onChange({ ...draft, ...patch });
  const kindName = tDynamic(`lists.filter.kind.${draft.kind}`);
  const hintId = useId();
  const field = fields.find((f) => f.id === draft.fieldId);

  let controls: ReactNode;
  switch (draft.kind) {
    case 'layer':
      controls = (
        <Checks legend={kindName} hideLegend items={LAYER_CHOICES.map((l) => ({ value: l, label: tDynamic(`lists.layer.${l}`) }))}
          chosen={draft.layers} onChange={(layers) => set({ layers: layers as ListLayer[] })} />
      );
      break;
    case 'score':
      controls = (
        <>
          <Labelled label={t('lists.filter.score.which')}>
            {(id) => (
              <select id={id} value={draft.score} onChange={(e) => set({ score: e.target.value as Score })}>
                {SCORES.map((s) => <option key={s} value={s}>{t(`lists.filter.score.${s}`)}</option>)}
              </select>
            )}
          </Labelled>
          <Labelled label={t('lists.filter.score.min')}>
            {(id) => (
              <select id={id} value={draft.scoreMin} onChange={(e) => set({ scoreMin: Number(e.target.value) })}>
                {[1, 2, 3, 4, 5].map((n) => <option key={n} value={n}>{t('lists.filter.score.atLeast', { n })}</option>)}
              </select>
            )}
          </Labelled>
        </>
      );
      break;
    case 'tags':
      controls = (
        <>
          <Labelled label={t('lists.filter.match')}>
            {(id) => (
              <select id={id} value={draft.match} onChange={(e) => set({ match: e.target.value as Match })}>
                {(['any', 'all', 'none'] as const).map((m) => <option key={m} value={m}>{t(`lists.filter.match.${m}`)}</option>)}
              </select>
            )}
          </Labelled>
          {tags.length === 0
            ? <p className="muted">{t('lists.filter.noTags')}</p>
            : <Checks legend={kindName} hideLegend className="lists-tag-checks" items={tags.map((tag) => ({ value: tag.id, label: tag.name }))}
              chosen={draft.tagIds} onChange={(tagIds) => set({ tagIds })} />}
        </>
      );
      break;
    case 'lastVisit':
      controls = (
        <>
          <Labelled label={t('lists.filter.visit.op')}>
            {(id) => (
              <select id={id} value={draft.visitOp} onChange={(e) => set({ visitOp: e.target.value as Draft['visitOp'] })}>
                {(['before', 'since', 'never'] as const).map((op) => <option key={op} value={op}>{t(`lists.filter.visit.${op}`)}</option>)}
              </select>
            )}
          </Labelled>
          {draft.visitOp !== 'never' && (
            <Labelled label={t('lists.filter.visit.day')}>
              {(id) => <input id={id} type="date" min="1900-01-01" max="2100-12-31" value={draft.day} onChange={(e) => set({ day: e.target.value })} />}
            </Labelled>
          )}
        </>
      );
      break;
    case 'spend':
      controls = (
        <>
          <Labelled label={t('lists.filter.spend.period')}>
            {(id) => (
              <select id={id} value={draft.period} onChange={(e) => set({ period: e.target.value as Draft['period'] })}>
                <option value="lifetime">{t('lists.filter.spend.lifetime')}</option>
                <option value="year">{t('lists.filter.spend.year')}</option>
              </select>
            )}
          </Labelled>
          <Labelled label={t('lists.filter.spend.min')} className="lists-amount">
            {(id) => <input id={id} inputMode="decimal" autoComplete="off" value={draft.min} onChange={(e) => set({ min: e.target.value })} />}
          </Labelled>
          <Labelled label={t('lists.filter.spend.max')} className="lists-amount">
            {(id) => <input id={id} inputMode="decimal" autoComplete="off" value={draft.max} onChange={(e) => set({ max: e.target.value })} />}
          </Labelled>
        </>
      );
      break;
    case 'stamps':
      controls = (
        <Labelled label={`${t('lists.filter.stamps.min')} (${tDynamic(`loyalty.unit.${unit}`, { n: '' }).trim()})`} className="lists-amount">
          {(id) => <input id={id} type="number" min={1} step={1} value={draft.stamps} onChange={(e) => set({ stamps: e.target.value })} />}
        </Labelled>
      );
      break;
    case 'consent':
      controls = (
        <fieldset className="segmented">
          <legend className="visually-hidden">{kindName}</legend>
          {[true, false].map((given) => (
            <label key={String(given)} className={`segment${draft.given === given ? ' is-selected' : ''}`}>
              <input type="radio" name={`consent-${draft.key}`} checked={draft.given === given} onChange={() => set({ given })} />
              {given ? t('lists.filter.consent.given') : t('lists.filter.consent.notGiven')}
            </label>
          ))}
        </fieldset>
      );
      break;
    case 'birthdayMonth':
      controls = (
        <Checks legend={kindName} hideLegend className="lists-months" items={Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: monthName(i18n, i + 1, 'short') }))}
          chosen={draft.months} onChange={(months) => set({ months })} />
      );
      break;
    case 'field': {
      const ops = opsFor(field?.kind);
      controls = fields.length === 0 ? <p className="muted">{t('lists.filter.field.none')}</p> : (
        <>
          <Labelled label={t('lists.filter.field.which')}>
            {(id) => (
              <select id={id} value={draft.fieldId ?? ''} onChange={(e) => {
                const next = fields.find((f) => f.id === Number(e.target.value));
                set({ fieldId: next ? next.id : null, fieldOp: opsFor(next?.kind)[0]!, min: '', max: '', text: '', optionIds: [] });
              }}>
                <option value="">{t('lists.filter.field.choose')}</option>
                {fields.map((f) => (
                  <option key={f.id} value={f.id}>{f.retired ? t('lists.filter.field.retired', { name: f.name }) : f.name}</option>
                ))}
              </select>
            )}
          </Labelled>
          {field && (
            <Labelled label={t('lists.filter.field.op')}>
              {(id) => (
                <select id={id} value={draft.fieldOp} onChange={(e) => set({ fieldOp: e.target.value as FieldOp })}>
                  {ops.map((op) => <option key={op} value={op}>{t(`lists.filter.field.op.${op}`)}</option>)}
                </select>
              )}
            </Labelled>
          )}
          {field && draft.fieldOp === 'words' && (
            <Labelled label={t('lists.filter.field.words')}>
              {(id) => <input id={id} type="search" autoComplete="off" value={draft.text} onChange={(e) => set({ text: e.target.value })} />}
            </Labelled>
          )}
          {field && (draft.fieldOp === 'number' || draft.fieldOp === 'date') && (
            <>
              <Labelled label={t('lists.filter.field.from')} className="lists-amount">
                {(id) => <input id={id} type={draft.fieldOp === 'date' ? 'date' : 'text'} inputMode={draft.fieldOp === 'number' ? 'decimal' : undefined}
                  autoComplete="off" value={draft.min} onChange={(e) => set({ min: e.target.value })} />}
              </Labelled>
              <Labelled label={t('lists.filter.field.to')} className="lists-amount">
                {(id) => <input id={id} type={draft.fieldOp === 'date' ? 'date' : 'text'} inputMode={draft.fieldOp === 'number' ? 'decimal' : undefined}
                  autoComplete="off" value={draft.max} onChange={(e) => set({ max: e.target.value })} />}
              </Labelled>
            </>
          )}
          {field && draft.fieldOp === 'oneOf' && (
            <Checks legend={field.name} items={field.options.map((o) => ({ value: o.id, label: o.label }))} chosen={draft.optionIds}
              onChange={(optionIds) => set({ optionIds })} />
          )}
        </>
      );
      break;
    }
  }

  const hint = message ?? (problem === 'invalidAmount' ? t('lists.filter.invalidAmount')
    : problem === 'minAboveMax' ? t('lists.filter.minAboveMax')
      : problem === 'incomplete' ? t('lists.filter.incomplete') : null);
  return (
    <li className={`lists-criterion${problem ? ' is-incomplete' : ''}`} data-criterion={draft.key}>
      <fieldset aria-describedby={hint ? hintId : undefined}>
        <legend className="lists-criterion-kind">{kindName}</legend>
        <div className="lists-criterion-controls">{controls}</div>
        {hint && <p id={hintId} className={problem && problem !== 'incomplete' ? 'field-error' : 'field-hint'}>{hint}</p>}
      </fieldset>
      <button type="button" className="button button-ghost button-small lists-remove" aria-label={t('lists.filter.removeLabel', { what: kindName })}
        onClick={onRemove}>
        {t('lists.filter.remove')}
      </button>
    </li>
  );
}
