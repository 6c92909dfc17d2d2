import { useEffect, useRef, useState, type FormEvent } from 'react';
import type {
  ApiError, CustomField, FilterCriterion, FilterNote, FilteredCustomers, ListCursor, ListRow, SavedFilter, Tag,
} from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { href, navigate, section } from '../app/router';
import { useI18n } from '../i18n';
import { Field } from '../ui/Field';
import { useToast } from '../ui/toast';
import { counted } from '../today/format';
import { CriterionRow } from './CriterionRow';
import { ExportBar } from './ExportBar';
import { describe, fromCriterion, KINDS, newDraft, toCriterion, type Draft, type Kind, type Problem } from './filter-model';
import { ListTable, PrintHead } from './ListTable';

// The customer list under a filter built from conditions, all of which must hold. It is
// asked again (a moment after the last change) whenever a complete condition changes;
// pages follow by the archive's keyset. A filter can be saved by name and reopened from
// `#/lists/customers?f=<id>`.

const PAGE = 100;
const SETTLE_MS = 250;

interface Results {
  key: string;
  page: FilteredCustomers;
  rows: ListRow[];
  next: ListCursor | null;
}

function useBuilderData() {
  const [tags, setTags] = useState<Tag[]>([]);
  const [fields, setFields] = useState<CustomField[]>([]);
  const [saved, setSaved] = useState<SavedFilter[]>([]);
  useEffect(() => {
    let live = true;
    void Promise.all([call('tags.list', { limit: 100 }), call('fields.list', { includeRetired: true }), call('lists.filters', {})]).then(([t, f, s]) => {
      if (!live) return;
      if (t.ok) setTags([...t.value].sort((a, b) => a.name.localeCompare(b.name)));
      if (f.ok) setFields(f.value);
      if (s.ok) setSaved(s.value);
    });
    return () => {
      live = false;
    };
  }, []);
  return { tags, fields, saved, setSaved };
}

/** Notes and errors from the archive belong to the row the criterion came from (`rows[index]`). */
function messagesByRow(
  notes: readonly FilterNote[], error: ApiError | null, rows: readonly number[], tDynamic: (key: string, params?: Record<string, string | number>) => string,
): Map<number, string> {
  const out = new Map<number, string>();
  for (const note of notes) {
    const row = rows[note.index];
    if (row !== undefined) out.set(row, tDynamic(`lists.filter.note.${note.code}`));
  }
  for (const [path, issue] of Object.entries(error?.fields ?? {})) {
    const row = rows[Number(/^filter\.criteria\.(\d+)/.exec(path)?.[1])];
    if (row !== undefined) out.set(row, tDynamic(`fieldErrors.${issue.code}`, issue.params));
  }
  return out;
}

export function CustomersPage({ savedId }: { savedId: number | null }) {
  const i18n = useI18n();
  const { t, tDynamic } = i18n;
  const notify = useToast();
  const { tags, fields, saved, setSaved } = useBuilderData();
  const [drafts, setDrafts] = useState<Draft[]>([]);
  const nextKey = useRef(1);
  /** A row just added, whose first control takes the focus once drawn. */
  const focusKey = useRef<number | null>(null);
  const [loaded, setLoaded] = useState<{ name: string; notes: FilterNote[] } | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [results, setResults] = useState<Results | null>(null);
  /** Counted apart, after the first page is shown. */
  const [count, setCount] = useState<{ key: string; total: number } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const addRef = useRef<HTMLSelectElement>(null);
  /** The kind chosen in "Add a condition": added with Enter or the Add button, not on every arrow key. */
  const [adding, setAdding] = useState<Kind | ''>('');

  // A saved filter: its conditions into the builder.
  useEffect(() => {
    if (savedId === null) return;
    let live = true;
    call('lists.filter', { id: savedId }).then((r) => {
      if (!live) return;
      if (!r.ok) return setLoadError(r.error);
      setDrafts(r.value.filter.criteria.map((c) => fromCriterion(c, nextKey.current++)));
      setLoaded({ name: r.value.name, notes: r.value.notes });
      setName(r.value.name);
    });
    return () => {
      live = false;
    };
  }, [savedId]);

  useEffect(() => {
    if (focusKey.current === null) return;
    document.querySelector<HTMLElement>(`[data-criterion="${focusKey.current}"] :is(input, select)`)?.focus();
    focusKey.current = null;
  }, [drafts]);

  // What is applied: the complete rows, remembered with the row each came from.
  const made = drafts.map((d) => ({ key: d.key, made: toCriterion(d, fields) }));
  const applied = made.filter((m): m is { key: number; made: FilterCriterion } => typeof m.made !== 'string');
  const criteria = applied.map((m) => m.made);
  const filterKey = JSON.stringify(criteria);
  const ready = savedId === null || loaded !== null || loadError !== null;

  useEffect(() => {
    if (!ready) return;
    let live = true;
    const timer = setTimeout(async () => {
      const filter = { criteria: JSON.parse(filterKey) as FilterCriterion[] };
      const r = await call('lists.customers', { filter, limit: PAGE });
      if (!live) return;
      if (!r.ok) return setError(r.error);
      setError(null);
      setResults({ key: filterKey, page: r.value, rows: r.value.rows, next: r.value.next });
      if (r.value.next === null) return setCount({ key: filterKey, total: r.value.rows.length });
      const n = await call('lists.count', { filter });
      if (live && n.ok) setCount({ key: filterKey, total: n.value.total });
    }, SETTLE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [filterKey, ready]);

  const showMore = async () => {
    if (!results?.next) return;
    const r = await call('lists.customers', { filter: { criteria }, after: results.next, limit: PAGE });
    if (!r.ok) return notify(tDynamic(errorKey(r.error)));
    setResults({ ...results, rows: [...results.rows, ...r.value.rows], next: r.value.next });
  };

  const add = (kind: Kind) => {
    const key = nextKey.current++;
    focusKey.current = key;
    setDrafts([...drafts, newDraft(kind, key)]);
    setAdding('');
  };
  const remove = (key: number) => {
    setDrafts(drafts.filter((d) => d.key !== key));
    addRef.current?.focus();
  };

  const save = async (e: FormEvent, asNew: boolean) => {
    e.preventDefault();
    setNameError(null);
    const r = await call('lists.saveFilter', { id: asNew ? null : savedId, name, filter: { criteria } });
    if (!r.ok) {
      const field = r.error.fields?.name;
      return field ? setNameError(tDynamic(`fieldErrors.${field.code}`, field.params)) : notify(tDynamic(errorKey(r.error)));
    }
    const opensSaved = r.value.id !== savedId;
    notify(t('lists.saved.saved', { name: r.value.name }), opensSaved ? { followsTo: 'nextPage' } : undefined);
    setSaved([...saved.filter((f) => f.id !== r.value.id), r.value].sort((a, b) => a.name.localeCompare(b.name)));
    if (opensSaved) navigate(section('lists', ['customers'], { f: String(r.value.id) }));
    else setLoaded({ name: r.value.name, notes: [] });
  };

  const deleteSaved = async () => {
    if (savedId === null) return;
    const r = await call('lists.deleteFilter', { id: savedId });
    if (!r.ok) return notify(tDynamic(errorKey(r.error)));
    notify(t('lists.saved.deleted', { name: loaded?.name ?? name }), { followsTo: 'nextPage' });
    navigate(section('lists', ['customers']));
  };

  const rowMessages = messagesByRow(results?.key === filterKey ? results.page.notes : [], error, applied.map((a) => a.key), tDynamic);

  const current = results?.key === filterKey ? results : null;
  const total = count?.key === filterKey ? count.total : null;
  const heading = total !== null ? counted(i18n, 'lists.results', total) : t('lists.results.counting');
  const title = loaded?.name ?? t('lists.customers.title');

  return (
    <div className="page lists-page lists-print">
      <a className="back-link lists-noprint" href={href(section('lists'))}>← {t('lists.back')}</a>
      <PrintHead />
      <div className="lists-title-row">
        <h1>{title}</h1>
        {saved.length > 0 && (
          <Field label={t('lists.saved.open')} className="lists-open-saved lists-noprint">
            {(a11y) => (
              <select {...a11y} value={savedId ?? ''} onChange={(e) => navigate(section('lists', ['customers'], e.target.value ? { f: e.target.value } : {}))}>
                <option value="">{t('lists.saved.new')}</option>
                {saved.map((f) => <option key={f.id} value={f.id}>{f.name}</option>)}
              </select>
            )}
          </Field>
        )}
      </div>
      {loadError && <p className="alert" role="alert">{tDynamic(errorKey(loadError))}</p>}
      {loaded && loaded.notes.length > 0 && (
        <div className="banner lists-notes" role="status">
          <ul className="plain-list">
            {[...new Set(loaded.notes.map((n) => n.code))].map((code) => <li key={code}>{tDynamic(`lists.filter.note.${code}`)}</li>)}
          </ul>
        </div>
      )}

      <ul className="lists-print-only lists-print-criteria">
        {criteria.length === 0 ? <li>{t('lists.describe.none')}</li> : criteria.map((c, i) => <li key={i}>{describe(i18n, c, tags, fields)}</li>)}
      </ul>

      <section className="panel lists-builder lists-noprint" aria-labelledby="conditions-title">
        <div className="lists-builder-head">
          <h2 id="conditions-title">{t('lists.filter.title')}</h2>
          {drafts.length > 1 && <span className="muted">{t('lists.filter.allMust')}</span>}
          <span className="lists-live-count" aria-hidden="true">{heading}</span>
        </div>
        {drafts.length === 0 && <p className="today-empty">{t('lists.filter.none')}</p>}
        <ol className="lists-criteria">
          {drafts.map((d) => {
            const made_ = made.find((m) => m.key === d.key)!.made;
            return (
              <CriterionRow key={d.key} draft={d} tags={tags} fields={fields} unit={current?.page.unit ?? 'stamps'}
                problem={typeof made_ === 'string' ? (made_ as Problem) : null} message={rowMessages.get(d.key) ?? null}
                onChange={(next) => setDrafts(drafts.map((x) => (x.key === d.key ? next : x)))} onRemove={() => remove(d.key)} />
            );
          })}
        </ol>
        <div className="lists-builder-foot">
        <div className="lists-add-row">
          <div className="field lists-add">
            <label htmlFor="add-condition" className="field-label">{t('lists.filter.add')}</label>
            <select id="add-condition" ref={addRef} value={adding} onChange={(e) => setAdding(e.target.value as Kind | '')}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && adding) {
                  e.preventDefault();
                  add(adding);
                }
              }}>
              <option value="">{t('lists.filter.addPlaceholder')}</option>
              {KINDS.map((k) => <option key={k} value={k}>{tDynamic(`lists.filter.kind.${k}`)}</option>)}
            </select>
          </div>
          <button type="button" className="button button-ghost" disabled={!adding} onClick={() => adding && add(adding)}>
            {t('lists.filter.addButton')}
          </button>
        </div>

        <form className="lists-save" onSubmit={(e) => void save(e, false)}>
          <Field label={t('lists.saved.name')} error={nameError ?? undefined} className="lists-save-name">
            {(a11y) => (
              <input {...a11y} autoComplete="off" maxLength={60} placeholder={t('lists.saved.namePlaceholder')} value={name}
                onChange={(e) => setName(e.target.value)} />
            )}
          </Field>
          <button type="submit" className="button button-primary">{t('lists.saved.save')}</button>
          {savedId !== null && (
            <button type="button" className="button button-ghost" onClick={(e) => void save(e, true)}>{t('lists.saved.saveAsNew')}</button>
          )}
          {savedId !== null && !confirmDelete && (
            <button type="button" className="button button-ghost lists-delete" aria-label={t('lists.saved.delete')} onClick={() => setConfirmDelete(true)}>
              {t('lists.saved.deleteShort')}
            </button>
          )}
        </form>
        </div>
        {confirmDelete && (
          <div className="warning lists-confirm" role="alertdialog" aria-labelledby="delete-question">
            <p id="delete-question">{t('lists.saved.deleteConfirm', { name: loaded?.name ?? name })}</p>
            <div className="dialog-actions">
              <button type="button" className="button button-primary" autoFocus onClick={() => void deleteSaved()}>{t('lists.saved.delete')}</button>
              <button type="button" className="button button-ghost" onClick={() => setConfirmDelete(false)}>{t('lists.saved.cancel')}</button>
            </div>
          </div>
        )}
      </section>

      {error && !error.fields && <p className="alert" role="alert">{tDynamic(errorKey(error))}</p>}
      <ExportBar source={{ list: 'customers', filter: { criteria } }} empty={!current || current.rows.length === 0} />

      <section className="panel lists-results" aria-labelledby="results-title" aria-busy={!current}>
        <h2 id="results-title" aria-live="polite">{heading}</h2>
        {current && current.rows.length === 0 && <p className="today-empty">{t('lists.empty')}</p>}
        {current && current.rows.length > 0 && (
          <ListTable columns={current.page.columns} rows={current.rows} unit={current.page.unit} caption={title} />
        )}
        {current?.next && (
          <button type="button" className="button button-ghost show-more lists-noprint" onClick={() => void showMore()}>
            {total === null ? t('lists.showMoreOf', { shown: current.rows.length }) : t('lists.showMore', { shown: current.rows.length, total })}
          </button>
        )}
      </section>
    </div>
  );
}
