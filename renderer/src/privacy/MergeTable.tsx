import type { CallInput, MergePreview, MergeSide, MergeSideName } from '../../../main/api/contract';
import { formatBirthday } from '../customers/format';
import { useI18n, type I18n } from '../i18n';

export type Keep = NonNullable<CallInput<'privacy.merge'>['keep']>;
export type MergeChoice = keyof Keep;

/** The rows of the comparison, in the order of the profile. */
export const CHOICES: readonly MergeChoice[] = [
  'name', 'salutation', 'email', 'address', 'birthday', 'preferredChannel', 'language', 'consent', 'cardNumber', 'referrer',
];

export const MAX_PHONES = 5;

/** A detail as the profile shows it; '' when not recorded. */
export function shown(i18n: I18n, choice: MergeChoice, side: MergeSide): string {
  const c = side.customer;
  switch (choice) {
    case 'name': return c.displayName;
    case 'salutation': return c.salutation;
    case 'email': return c.email;
    case 'address': return [c.address.street, [c.address.postalCode, c.address.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
    case 'birthday': return c.birthday ? formatBirthday(i18n, c.birthday) : '';
    case 'preferredChannel': return c.preferredChannel ? i18n.tDynamic(`channel.${c.preferredChannel}`) : '';
    case 'language': return i18n.tDynamic(`language.${c.language}`);
    case 'consent':
      return c.marketingConsent
        ? i18n.t('customer.consentGiven', { date: i18n.date(c.consentChangedAt ?? c.createdAt) })
        : c.consentChangedAt !== null ? i18n.t('customer.consentWithdrawn', { date: i18n.date(c.consentChangedAt) }) : i18n.t('customer.consentNever');
    case 'cardNumber': return c.cardNumber;
    case 'referrer': return side.referrer?.displayName ?? '';
  }
}

/** What the survivor keeps when nothing is chosen: its own, unless only the other has one. */
export function defaultKeep(i18n: I18n, preview: MergePreview): Keep {
  const keep: Keep = {};
  for (const choice of CHOICES) {
    keep[choice] = shown(i18n, choice, preview.survivor) === '' && shown(i18n, choice, preview.merged) !== '' ? 'merged' : 'survivor';
  }
  return keep;
}

/** Both customers' phone numbers, the survivor's first, each number once. */
export function phoneUnion(preview: MergePreview): { e164: string; raw: string; side: MergeSideName }[] {
  const seen = new Set<string>();
  const out: { e164: string; raw: string; side: MergeSideName }[] = [];
  for (const side of ['survivor', 'merged'] as const) {
    for (const p of preview[side].customer.phones) {
      if (seen.has(p.e164)) continue;
      seen.add(p.e164);
      out.push({ ...p, side });
    }
  }
  return out;
}

interface Props {
  preview: MergePreview;
  keep: Keep;
  onKeep(keep: Keep): void;
  phones: readonly string[];
  onPhones(phones: string[]): void;
  fields: Record<string, MergeSideName>;
  onFields(fields: Record<string, MergeSideName>): void;
}

/** The two profiles side by side: a radio per detail where they differ, the phone numbers to keep ticked. */
export function MergeTable({ preview, keep, onKeep, phones, onPhones, fields, onFields }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  const names = { survivor: preview.survivor.customer.displayName, merged: preview.merged.customer.displayName };
  const notSet = <span className="muted">{t('customer.notSet')}</span>;

  const choiceRow = (choice: MergeChoice) => {
    const label = t(`merge.f.${choice}`);
    const values = { survivor: shown(i18n, choice, preview.survivor), merged: shown(i18n, choice, preview.merged) };
    if (values.survivor === values.merged) {
      return (
        <tr key={choice}>
          <th scope="row">{label}</th>
          <td colSpan={2} className="merge-same">{values.survivor || notSet} <span className="muted">· {t('merge.same')}</span></td>
        </tr>
      );
    }
    return (
      <tr key={choice}>
        <th scope="row">{label}</th>
        {(['survivor', 'merged'] as const).map((side) => (
          <td key={side} className={keep[choice] === side ? 'merge-cell is-chosen' : 'merge-cell'}>
            <label className="merge-option">
              <input
                type="radio"
                name={`merge-${choice}`}
                checked={keep[choice] === side}
                aria-label={t('merge.choice', { field: label, value: values[side] || t('customer.notSet') })}
                onChange={() => onKeep({ ...keep, [choice]: side })}
              />
              <span>{values[side] || notSet}</span>
            </label>
          </td>
        ))}
      </tr>
    );
  };

  const union = phoneUnion(preview);
  const togglePhone = (e164: string, on: boolean) => {
    const next = new Set(phones);
    if (on) next.add(e164);
    else next.delete(e164);
    onPhones(union.map((p) => p.e164).filter((p) => next.has(p)));
  };
  const phoneCell = (side: MergeSideName) => {
    const own = union.filter((p) => p.side === side);
    return (
      <td className="merge-cell">
        {own.length === 0 ? notSet : (
          <ul className="plain-list merge-phones">
            {own.map((p) => (
              <li key={p.e164}>
                <label className="merge-option">
                  <input type="checkbox" checked={phones.includes(p.e164)} aria-label={t('merge.phoneChoice', { phone: p.raw })}
                    onChange={(e) => togglePhone(p.e164, e.target.checked)} />
                  <span>{p.raw}</span>
                </label>
              </li>
            ))}
          </ul>
        )}
      </td>
    );
  };

  const fieldIds = [...new Set([...preview.survivor.fields, ...preview.merged.fields].map((f) => f.fieldId))];
  const fieldRow = (fieldId: number) => {
    const ours = preview.survivor.fields.find((f) => f.fieldId === fieldId);
    const theirs = preview.merged.fields.find((f) => f.fieldId === fieldId);
    const name = (ours ?? theirs)!.name;
    const key = String(fieldId);
    if (!ours || !theirs || ours.value === theirs.value) {
      return (
        <tr key={key}>
          <th scope="row">{name}</th>
          {ours && theirs
            ? <td colSpan={2} className="merge-same">{ours.value} <span className="muted">· {t('merge.same')}</span></td>
            : <><td className="merge-cell">{ours?.value ?? notSet}</td><td className="merge-cell">{theirs?.value ?? notSet}</td></>}
        </tr>
      );
    }
    const chosen = fields[key] ?? 'survivor';
    return (
      <tr key={key}>
        <th scope="row">{name}</th>
        {([['survivor', ours.value], ['merged', theirs.value]] as const).map(([side, value]) => (
          <td key={side} className={chosen === side ? 'merge-cell is-chosen' : 'merge-cell'}>
            <label className="merge-option">
              <input type="radio" name={`merge-field-${key}`} checked={chosen === side}
                aria-label={t('merge.choice', { field: name, value })} onChange={() => onFields({ ...fields, [key]: side })} />
              <span>{value}</span>
            </label>
          </td>
        ))}
      </tr>
    );
  };

  return (
    <table className="table merge-table">
      <caption className="visually-hidden">{t('merge.title')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('merge.detail')}</th>
          <th scope="col">{names.survivor} <span className="merge-role is-stays">{t('merge.stays')}</span></th>
          <th scope="col">{names.merged} <span className="merge-role">{t('merge.goes')}</span></th>
        </tr>
      </thead>
      <tbody>
        {CHOICES.slice(0, 2).map(choiceRow)}
        <tr>
          <th scope="row">
            {t('merge.f.phones')}
            <span className="merge-hint">{t('merge.phonesHint', { max: MAX_PHONES })}</span>
          </th>
          {phoneCell('survivor')}
          {phoneCell('merged')}
        </tr>
        {CHOICES.slice(2).map(choiceRow)}
        {fieldIds.length > 0 && (
          <tr className="merge-subhead"><th scope="rowgroup" colSpan={3}>{t('merge.fieldsTitle')}</th></tr>
        )}
        {fieldIds.map(fieldRow)}
      </tbody>
    </table>
  );
}
