import { useId, useState } from 'react';
import type { InsightPeriod, MonthText } from '../../../main/api/contract';
import { useI18n } from '../i18n';
import { addMonths, periodName } from './format';
import { counted } from '../today/format';

export type PeriodChoice = { from: MonthText; to: MonthText } | null;

type Preset = 'default' | 'last6' | 'last3' | 'thisYear' | 'lastYear' | 'custom';

function presetRange(preset: Preset, current: MonthText): PeriodChoice {
  const year = current.slice(0, 4);
  switch (preset) {
    case 'last6': return { from: addMonths(current, -5), to: current };
    case 'last3': return { from: addMonths(current, -2), to: current };
    case 'thisYear': return { from: `${year}-01`, to: current };
    case 'lastYear': return { from: `${Number(year) - 1}-01`, to: `${Number(year) - 1}-12` };
    default: return null;
  }
}

interface Props {
  period: InsightPeriod;
  current: MonthText;
  defaultMonths: number;
  onChange(choice: PeriodChoice): void;
}

/** Which period the pyramid is about: the shop's default, a few usual ones, or any months. */
export function PeriodPicker(props: Props) {
  // A new period shown starts the choice afresh.
  return <Picker key={`${props.period.from}:${props.period.to}:${props.period.isDefault}`} {...props} />;
}

function Picker({ period, current, defaultMonths, onChange }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  const id = useId();
  const presets: Preset[] = ['default', 'last6', 'last3', 'thisYear', 'lastYear'];
  const matching = period.isDefault ? 'default'
    : presets.find((p) => { const r = presetRange(p, current); return r?.from === period.from && r.to === period.to; }) ?? 'custom';
  const [preset, setPreset] = useState<Preset>(matching);
  const [from, setFrom] = useState(period.from);
  const [to, setTo] = useState(period.to);

  const choose = (next: Preset) => {
    setPreset(next);
    if (next !== 'custom') onChange(presetRange(next, current));
  };
  const invalid = from > to;

  return (
    <div className="period-picker">
      <div className="field">
        <label className="field-label" htmlFor={`${id}-preset`}>{t('insights.period.label')}</label>
        <select id={`${id}-preset`} value={preset} onChange={(e) => choose(e.target.value as Preset)}>
          {presets.map((p) => (
            <option key={p} value={p}>{p === 'default' ? counted(i18n, 'insights.period.default', defaultMonths) : t(`insights.period.${p}`)}</option>
          ))}
          <option value="custom">{t('insights.period.custom')}</option>
        </select>
      </div>
      {preset === 'custom' && (
        <form className="period-custom" onSubmit={(e) => { e.preventDefault(); if (!invalid) onChange({ from, to }); }}>
          <div className="field">
            <label className="field-label" htmlFor={`${id}-from`}>{t('insights.period.from')}</label>
            <input id={`${id}-from`} type="month" value={from} max={current} onChange={(e) => setFrom(e.target.value)} required
              aria-invalid={invalid} aria-describedby={invalid ? `${id}-error` : undefined} />
          </div>
          <div className="field">
            <label className="field-label" htmlFor={`${id}-to`}>{t('insights.period.to')}</label>
            <input id={`${id}-to`} type="month" value={to} max={current} onChange={(e) => setTo(e.target.value)} required
              aria-invalid={invalid} aria-describedby={invalid ? `${id}-error` : undefined} />
          </div>
          <button type="submit" className="button button-ghost" disabled={invalid}>{t('insights.period.apply')}</button>
          {invalid && <p id={`${id}-error`} className="field-error">{t('insights.period.order')}</p>}
        </form>
      )}
      <p className="period-shown" aria-live="polite">{periodName(i18n, period)}</p>
    </div>
  );
}
