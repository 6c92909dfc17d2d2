import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { ApiError, WishItem, WishList } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { useI18n } from '../i18n';
import { useToast } from '../ui/toast';
import { Field } from '../ui/Field';
import { href } from '../app/router';
import { ContactFields, type ContactDraft } from './ContactFields';
import { channelName, counted, shortDate } from './format';

// Wishes across all customers: when the item comes in, find who asked, tell them (a contact
// mark on their timeline) and mark the wish fulfilled.

type Status = 'open' | 'fulfilled' | 'all';
const STATUSES: Status[] = ['open', 'fulfilled', 'all'];
const PAGE = 50;

export function WishesPage() {
  const i18n = useI18n();
  const { t, tDynamic } = i18n;
  const notify = useToast();
  const [query, setQuery] = useState('');
  const [asked, setAsked] = useState('');
  const [status, setStatus] = useState<Status>('open');
  const [list, setList] = useState<WishList | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [contacting, setContacting] = useState<{ id: number; draft: ContactDraft } | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const latest = useRef(0);

  // Typing settles for a moment before the archive is asked.
  useEffect(() => {
    const timer = setTimeout(() => setAsked(query), 250);
    return () => clearTimeout(timer);
  }, [query]);

  const load = useCallback((limit: number) => {
    const ticket = ++latest.current;
    return call('wishes.list', { query: asked, status, limit }).then((r) => {
      if (ticket !== latest.current) return;
      if (!r.ok) return setError(r.error);
      setError(null);
      setList(r.value);
    });
  }, [asked, status]);
  useEffect(() => {
    void load(PAGE);
  }, [load]);

  const items = list?.items ?? [];
  const reload = () => load(Math.min(200, Math.max(PAGE, items.length)));

  const showMore = async () => {
    if (!list?.next) return;
    const r = await call('wishes.list', { query: asked, status, cursor: list.next, limit: PAGE });
    if (!r.ok) return notify(tDynamic(errorKey(r.error)));
    setList({ items: [...list.items, ...r.value.items], next: r.value.next, total: list.total });
  };

  const saveContact = async (e: FormEvent, w: WishItem) => {
    e.preventDefault();
    if (!contacting) return;
    setBusy(w.id);
    const r = await call('wishes.markContacted', { id: w.id, channel: contacting.draft.channel || null, text: contacting.draft.text });
    setBusy(null);
    if (!r.ok) return notify(tDynamic(errorKey(r.error)));
    setContacting(null);
    notify(t('wishList.contactedToast', { name: w.customer.displayName }));
    await reload();
    document.getElementById(`wish-${w.id}-contacted`)?.focus();
  };

  const setWishStatus = async (w: WishItem, next: 'fulfilled' | 'open') => {
    setBusy(w.id);
    const r = await call('notes.setStatus', { id: w.id, status: next });
    setBusy(null);
    if (!r.ok) return notify(tDynamic(errorKey(r.error)));
    notify(next === 'fulfilled' ? t('wishList.fulfilledToast', { name: w.customer.displayName }) : t('wishList.reopenedToast', { name: w.customer.displayName }));
    await reload();
    document.getElementById('wishes-title')?.focus();
  };

  const summary = list === null ? '' : list.total === null
    ? counted(i18n, asked.trim() ? 'wishList.found' : 'wishList.shown', items.length)
    : counted(i18n, `wishList.total.${status}`, list.total);

  return (
    <div className="page wishes-page">
      <h1>{t('wishList.title')}</h1>
      <p className="lead">{t('wishList.intro')}</p>
      <div className="filter-row">
        <Field label={t('wishList.search')} hint={t('wishList.searchHint')} className="filter-field">
          {(a11y) => (
            <input {...a11y} type="search" autoComplete="off" value={query} onChange={(e) => setQuery(e.target.value)} />
          )}
        </Field>
        <div className="filter-status">
          <span id="wish-status-label" className="field-label">{t('wishList.show')}</span>
          <div className="segmented" role="radiogroup" aria-labelledby="wish-status-label">
            {STATUSES.map((s) => (
              <label key={s} className={`segment${status === s ? ' is-selected' : ''}`}>
                <input type="radio" name="wish-status" value={s} checked={status === s} onChange={() => setStatus(s)} />
                {t(`wishList.status.${s}`)}
              </label>
            ))}
          </div>
        </div>
      </div>
      {error && <p className="alert" role="alert">{tDynamic(errorKey(error))}</p>}

      <section className="wishes-list" aria-labelledby="wishes-title" aria-busy={list === null}>
        <h2 id="wishes-title" tabIndex={-1} className="wishes-summary">{summary}</h2>
        {list && items.length === 0 && (
          <p className="panel today-empty">{asked.trim() ? t('wishList.noneFor', { query: asked.trim() }) : tDynamic(`wishList.none.${status}`)}</p>
        )}
        <ul className="plain-list wish-cards">
          {items.map((w) => {
            const what = { text: w.text, name: w.customer.displayName };
            const c = w.customer;
            const open = contacting?.id === w.id;
            return (
              <li key={w.id} className={`panel wish-card${w.status === 'fulfilled' ? ' is-fulfilled' : ''}`}>
                <div className="wish-main">
                  <p className="wish-head">
                    <a className="wish-name" href={href({ name: 'customer', id: c.id })}>{c.displayName}</a>
                    <span className="muted">{t('wishList.since', { date: shortDate(i18n, w.at) })}</span>
                    {w.status === 'fulfilled' && <span className="badge badge-done">{t('wishList.fulfilled')}</span>}
                  </p>
                  <p className="wish-text">{w.text}</p>
                  <p className="wish-contact">
                    {c.preferredChannel && <span>{t('wishList.reachBy', { channel: channelName(i18n, c.preferredChannel) })}</span>}
                    {c.phone && <span className="nowrap">{c.phone}</span>}
                    {c.email && <span>{c.email}</span>}
                  </p>
                  <p className="wish-meta muted">
                    {w.lastContactedAt ? t('wishList.lastContacted', { date: shortDate(i18n, w.lastContactedAt) }) : t('wishList.notContacted')}
                    {w.status === 'fulfilled' && w.statusAt !== null && ` · ${t('wishList.fulfilledOn', { date: shortDate(i18n, w.statusAt) })}`}
                    {w.resolution && ` · ${w.resolution}`}
                  </p>
                </div>
                <div className="wish-actions">
                  <button type="button" id={`wish-${w.id}-contacted`} className="button button-small button-ghost" aria-expanded={open} disabled={busy === w.id}
                    aria-label={t('wishList.contactedLabel', what)}
                    onClick={() => setContacting(open ? null : { id: w.id, draft: { channel: c.preferredChannel ?? '', text: '' } })}>
                    {t('wishList.contacted')}
                  </button>
                  {w.status === 'open' ? (
                    <button type="button" className="button button-small button-primary" disabled={busy === w.id}
                      aria-label={t('wishList.fulfilLabel', what)} onClick={() => void setWishStatus(w, 'fulfilled')}>
                      {t('wishList.fulfil')}
                    </button>
                  ) : (
                    <button type="button" className="button button-small button-ghost" disabled={busy === w.id}
                      aria-label={t('wishList.reopenLabel', what)} onClick={() => void setWishStatus(w, 'open')}>
                      {t('wishList.reopen')}
                    </button>
                  )}
                </div>
                {open && (
                  <form className="contact-bar wish-contact-form" onSubmit={(e) => void saveContact(e, w)} aria-label={t('wishList.contactTitle', { name: c.displayName })}>
                    <ContactFields autoFocus draft={contacting.draft} onChange={(draft) => setContacting({ id: w.id, draft })} />
                    <button type="submit" className="button button-primary" disabled={busy === w.id}>{t('wishList.saveContact')}</button>
                    <button type="button" className="button button-ghost" onClick={() => setContacting(null)}>{t('form.cancel')}</button>
                  </form>
                )}
              </li>
            );
          })}
        </ul>
        {list?.next && (
          <button type="button" className="button button-ghost show-more" onClick={() => void showMore()}>{t('wishList.more')}</button>
        )}
      </section>
    </div>
  );
}
