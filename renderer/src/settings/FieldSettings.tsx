import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { ApiError, CustomField, FieldKind } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { useI18n } from '../i18n';
import { useToast } from '../ui/toast';
import { Field } from '../ui/Field';

// Custom fields the shop keeps on every profile (clothing size, clipper guard, favourite
// author). A choice's options can be added, renamed and removed; removing one that customers
// hold is refused by the archive, and the form says why.

const KINDS: FieldKind[] = ['text', 'number', 'date', 'choice'];

interface Draft {
  id: number | null;
  name: string;
  kind: FieldKind;
  /** Existing options keep their id (a new label renames them everywhere); new ones have none. */
  options: { id: number | null; label: string; key: number }[];
}

let nextKey = 1;
const EMPTY: Draft = { id: null, name: '', kind: 'text', options: [] };
const blankOption = () => ({ id: null, label: '', key: nextKey++ });

export function FieldSettings() {
  const { t, tDynamic } = useI18n();
  const notify = useToast();
  const [fields, setFields] = useState<CustomField[] | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [error, setError] = useState<ApiError | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const nameInput = useRef<HTMLInputElement>(null);
  const editing = draft.id !== null;

  const load = useCallback(
    () =>
      call('fields.list', { includeRetired: true }).then((r) => {
        if (!r.ok) return setLoadError(r.error);
        setLoadError(null);
        setFields(r.value);
      }),
    [],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const issue = (...paths: string[]) => {
    for (const path of paths) {
      const found = error?.fields?.[path];
      if (found) return tDynamic(`fieldErrors.${found.code}`, found.params);
    }
    return undefined;
  };

  const setKind = (kind: FieldKind) =>
    setDraft({ ...draft, kind, options: kind === 'choice' && draft.options.length === 0 ? [blankOption(), blankOption()] : draft.options });
  const setOption = (i: number, label: string) =>
    setDraft({ ...draft, options: draft.options.map((o, j) => (j === i ? { ...o, label } : o)) });

  const edit = (f: CustomField) => {
    setError(null);
    setDraft({ id: f.id, name: f.name, kind: f.kind, options: f.options.map((o) => ({ id: o.id, label: o.label, key: nextKey++ })) });
    nameInput.current?.focus();
  };
  const cancel = () => {
    setError(null);
    setDraft(EMPTY);
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const choice = draft.kind === 'choice';
    const result = draft.id === null
      ? await call('fields.define', { name: draft.name, kind: draft.kind, options: choice ? draft.options.map((o) => o.label) : [] })
      : await call('fields.update', { id: draft.id, name: draft.name, options: choice ? draft.options.map((o) => ({ id: o.id, label: o.label })) : null });
    if (!result.ok) return setError(result.error);
    notify(t('fieldDefs.saved', { name: result.value.name }));
    setDraft(EMPTY);
    await load();
  };

  const retire = async (f: CustomField) => {
    const result = await call('fields.retire', { id: f.id, retired: !f.retired });
    // Back in use under a name another field took meanwhile: rename one of them first.
    if (!result.ok) return notify(result.error.fields?.name ? t('fieldDefs.nameTaken', { name: f.name }) : tDynamic(errorKey(result.error)));
    notify(f.retired ? t('fieldDefs.reactivated', { name: f.name }) : t('fieldDefs.retiredToast', { name: f.name }));
    await load();
  };

  const formTitle = editing ? t('fieldDefs.editTitle', { name: fields?.find((f) => f.id === draft.id)?.name ?? draft.name }) : t('fieldDefs.add');

  return (
    <section className="panel fielddef-settings" aria-labelledby="fields-title">
      <h2 id="fields-title">{t('fieldDefs.title')}</h2>
      <p className="muted">{t('fieldDefs.intro')}</p>
      {loadError && <p className="alert" role="alert">{tDynamic(errorKey(loadError))}</p>}
      {fields && fields.length === 0 && <p className="today-empty">{t('fieldDefs.empty')}</p>}
      {fields && fields.length > 0 && (
        <table className="table fielddefs-table">
          <thead>
            <tr>
              <th scope="col">{t('fieldDefs.name')}</th>
              <th scope="col">{t('fieldDefs.kind')}</th>
              <th scope="col">{t('fieldDefs.options')}</th>
              <th scope="col"><span className="visually-hidden">{t('fieldDefs.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {fields.map((f) => (
              <tr key={f.id} className={f.retired ? 'is-retired' : undefined}>
                <td>{f.name}{f.retired && <span className="badge"> {t('fieldDefs.retired')}</span>}</td>
                <td>{t(`fieldDefs.kind.${f.kind}`)}</td>
                <td>{f.kind === 'choice' ? f.options.map((o) => o.label).join(', ') : '—'}</td>
                <td className="row-actions">
                  {!f.retired && (
                    <button type="button" className="button-link" onClick={() => edit(f)} aria-label={t('fieldDefs.editLabel', { name: f.name })}>{t('fieldDefs.edit')}</button>
                  )}
                  <button type="button" className="button-link" onClick={() => void retire(f)}
                    aria-label={t(f.retired ? 'fieldDefs.reactivateLabel' : 'fieldDefs.retireLabel', { name: f.name })}>
                    {f.retired ? t('fieldDefs.reactivate') : t('fieldDefs.retire')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <form className="fielddef-form" onSubmit={save} aria-label={formTitle} noValidate>
        <h3>{formTitle}</h3>
        <div className="form-grid">
          <Field label={t('fieldDefs.name')} hint={editing ? undefined : t('fieldDefs.nameHint')} error={issue('name')}>
            {(a11y) => <input {...a11y} ref={nameInput} value={draft.name} maxLength={40} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />}
          </Field>
          <Field label={t('fieldDefs.kind')} hint={editing ? t('fieldDefs.kindFixed') : undefined}>
            {(a11y) => (
              <select {...a11y} value={draft.kind} disabled={editing} onChange={(e) => setKind(e.target.value as FieldKind)}>
                {KINDS.map((k) => <option key={k} value={k}>{t(`fieldDefs.kind.${k}`)}</option>)}
              </select>
            )}
          </Field>
        </div>
        {draft.kind === 'choice' && (
          <fieldset className="options-editor">
            <legend>{t('fieldDefs.options')}</legend>
            {issue('options') && <p className="field-error" role="alert">{issue('options')}</p>}
            {draft.options.map((o, i) => (
              <div className="option-row" key={o.key}>
                <Field label={t('fieldDefs.option', { n: i + 1 })} error={issue(`options.${i}`, `options.${i}.label`)}>
                  {(a11y) => <input {...a11y} value={o.label} maxLength={60} onChange={(e) => setOption(i, e.target.value)} />}
                </Field>
                <button type="button" className="button button-ghost button-icon"
                  aria-label={t('fieldDefs.removeOption', { label: o.label.trim() || t('fieldDefs.option', { n: i + 1 }) })}
                  onClick={() => setDraft({ ...draft, options: draft.options.filter((_, j) => j !== i) })}>×</button>
              </div>
            ))}
            <button type="button" className="button button-link" onClick={() => setDraft({ ...draft, options: [...draft.options, blankOption()] })}>
              + {t('fieldDefs.addOption')}
            </button>
          </fieldset>
        )}
        {error && !error.fields && <p className="alert" role="alert">{tDynamic(errorKey(error))}</p>}
        <div className="form-actions">
          <button type="submit" className="button button-primary">{editing ? t('fieldDefs.save') : t('fieldDefs.add')}</button>
          {editing && <button type="button" className="button button-ghost" onClick={cancel}>{t('form.cancel')}</button>}
        </div>
      </form>
    </section>
  );
}
