import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { ApiError, TagMember, TagMembers } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { useI18n } from '../i18n';
import { useToast } from '../ui/toast';
import { href } from '../app/router';
import { ContactFields, EMPTY_CONTACT, type ContactDraft } from './ContactFields';
import { channelName, counted, shortDate } from './format';
import { TagExportButton } from '../exchange/TagExportButton';

// "Who should I tell?": the customers holding one interest. Phone and e-mail come only for
// those who agreed to offers (the archive withholds the rest); telling someone leaves a
// contact mark on their timeline.

const PAGE = 200;
const MAX = 1000;

/** Tab-separated, one customer a line: reads as text and pastes into a spreadsheet as columns. */
function contactLines(members: readonly TagMember[]): string {
  return members.map((m) => [m.displayName, m.phone ?? '', m.email ?? ''].join('\t').trimEnd()).join('\n');
}

export function TagPage({ id }: { id: number }) {
  const i18n = useI18n();
  const { t, tDynamic } = i18n;
  const notify = useToast();
  const [consentedOnly, setConsentedOnly] = useState(false);
  const [data, setData] = useState<TagMembers | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [contact, setContact] = useState<ContactDraft>(EMPTY_CONTACT);
  const [marking, setMarking] = useState(false);
  const [copyText, setCopyText] = useState<string | null>(null);
  const copyArea = useRef<HTMLTextAreaElement>(null);

  const load = useCallback(
    (limit: number) =>
      call('tags.customers', { tagId: id, consentedOnly, offset: 0, limit }).then((r) => {
        if (!r.ok) return setError(r.error);
        setError(null);
        setData(r.value);
        const shown = new Set(r.value.items.map((m) => m.id));
        setSelected((before) => new Set([...before].filter((m) => shown.has(m))));
      }),
    [id, consentedOnly],
  );
  useEffect(() => {
    void load(PAGE);
  }, [load]);

  useEffect(() => {
    if (copyText === null) return;
    copyArea.current?.focus();
    copyArea.current?.select();
  }, [copyText]);

  if (!data) {
    return (
      <div className="page tag-page" aria-busy={!error}>
        <a className="back-link" href={href({ name: 'tags' })}>← {t('interests.back')}</a>
        {error && <p className="alert" role="alert">{tDynamic(errorKey(error))}</p>}
      </div>
    );
  }

  const items = data.items;
  const allSelected = items.length > 0 && items.every((m) => selected.has(m.id));
  const someSelected = items.some((m) => selected.has(m.id));
  const toggle = (customerId: number, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(customerId);
    else next.delete(customerId);
    setSelected(next);
  };

  const showMore = async () => {
    const r = await call('tags.customers', { tagId: id, consentedOnly, offset: items.length, limit: PAGE });
    if (!r.ok) return notify(tDynamic(errorKey(r.error)));
    setData({ ...r.value, items: [...items, ...r.value.items] });
  };

  const markContacted = async (e: FormEvent) => {
    e.preventDefault();
    if (selected.size === 0) return;
    setMarking(true);
    const r = await call('tags.markContacted', {
      tagId: id, customerIds: [...selected], channel: contact.channel || null, text: contact.text,
    });
    setMarking(false);
    if (!r.ok) return notify(tDynamic(errorKey(r.error)));
    notify(counted(i18n, 'interest.marked', r.value.contacted.length, { tag: data.tag.name })
      + (r.value.skipped.length ? ` ${counted(i18n, 'interest.skipped', r.value.skipped.length)}` : ''));
    setSelected(new Set());
    setContact(EMPTY_CONTACT);
    await load(Math.min(MAX, Math.max(PAGE, items.length)));
  };

  const copy = async () => {
    const r = await call('tags.customers', { tagId: id, consentedOnly: true, offset: 0, limit: MAX });
    if (!r.ok) return notify(tDynamic(errorKey(r.error)));
    if (r.value.items.length === 0) return notify(t('interest.copyNobody'));
    const text = contactLines(r.value.items);
    try {
      // The desktop app may refuse the clipboard: then the text is offered to select by hand.
      await navigator.clipboard.writeText(text);
      setCopyText(null);
      notify(counted(i18n, 'interest.copied', r.value.items.length));
    } catch {
      setCopyText(text);
    }
  };

  const heading = consentedOnly ? counted(i18n, 'interest.countConsented', data.total) : counted(i18n, 'interest.count', data.total);

  return (
    <div className="page tag-page">
      <a className="back-link" href={href({ name: 'tags' })}>← {t('interests.back')}</a>
      <h1>{data.tag.name}</h1>
      <p className="lead">{t('interest.question')} <span className="muted">{heading}</span></p>

      <div className="tag-toolbar">
        <div className="field checkbox-field">
          <input id="consented-only" type="checkbox" checked={consentedOnly} onChange={(e) => setConsentedOnly(e.target.checked)} />
          <label htmlFor="consented-only">{t('interest.consentedOnly')}</label>
        </div>
        <div className="tag-toolbar-actions">
          <button type="button" className="button button-ghost" onClick={() => void copy()}>{t('interest.copy')}</button>
          <TagExportButton tagId={id} consentedOnly={consentedOnly} />
        </div>
      </div>

      {copyText !== null && (
        <div className="copy-fallback">
          <label htmlFor="copy-text" className="field-label">{t('interest.copyFallback')}</label>
          <textarea id="copy-text" ref={copyArea} readOnly rows={Math.min(8, copyText.split('\n').length + 1)} value={copyText} />
          <button type="button" className="button-link" onClick={() => setCopyText(null)}>{t('interest.copyHide')}</button>
        </div>
      )}

      <form className="contact-bar" onSubmit={markContacted} aria-label={t('interest.markTitle')}>
        <ContactFields draft={contact} onChange={setContact} />
        <button type="submit" className="button button-primary" disabled={selected.size === 0 || marking}>
          {selected.size === 0 ? t('interest.mark') : counted(i18n, 'interest.markN', selected.size)}
        </button>
        {selected.size === 0 && items.length > 0 && <p className="field-hint contact-bar-hint">{t('interest.markHint')}</p>}
      </form>

      <section className="panel" aria-labelledby="members-title">
        <h2 id="members-title" className="visually-hidden">{heading}</h2>
        {items.length === 0 ? (
          <p className="today-empty">{consentedOnly ? t('interest.emptyConsented') : t('interest.empty')}</p>
        ) : (
          <table className="table members-table">
            <thead>
              <tr>
                <th scope="col" className="check-col">
                  <input
                    type="checkbox"
                    aria-label={t('interest.selectAll')}
                    checked={allSelected}
                    ref={(el) => {
                      if (el) el.indeterminate = someSelected && !allSelected;
                    }}
                    onChange={(e) => setSelected(e.target.checked ? new Set(items.map((m) => m.id)) : new Set())}
                  />
                  <span className="check-col-label" aria-hidden="true">{t('interest.col.contacted')}</span>
                </th>
                <th scope="col">{t('interest.col.name')}</th>
                <th scope="col">{t('interest.col.channel')}</th>
                <th scope="col">{t('interest.col.consent')}</th>
                <th scope="col">{t('interest.col.phone')}</th>
                <th scope="col">{t('interest.col.email')}</th>
                <th scope="col">{t('interest.col.lastContacted')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((m) => (
                <tr key={m.id} className={selected.has(m.id) ? 'is-selected' : undefined}>
                  <td className="check-col">
                    <input type="checkbox" aria-label={t('interest.contactedLabel', { name: m.displayName })} checked={selected.has(m.id)}
                      onChange={(e) => toggle(m.id, e.target.checked)} />
                  </td>
                  <td><a href={href({ name: 'customer', id: m.id })} className="member-name">{m.displayName}</a></td>
                  <td>{channelName(i18n, m.preferredChannel)}</td>
                  <td>{m.marketingConsent ? <span className="consent is-yes">{t('interest.consentYes')}</span> : <span className="consent is-no">{t('interest.consentNo')}</span>}</td>
                  {m.marketingConsent ? (
                    <>
                      <td className="nowrap">{m.phone ?? '—'}</td>
                      <td className="member-email">{m.email ?? '—'}</td>
                    </>
                  ) : (
                    <td colSpan={2} className="no-consent">{t('interest.noConsent')}</td>
                  )}
                  <td className="nowrap">{m.lastContactedAt ? shortDate(i18n, m.lastContactedAt) : <span className="muted">{t('interest.never')}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {items.length < data.total && (
          <button type="button" className="button button-ghost show-more" onClick={() => void showMore()}>
            {t('interest.showMore', { shown: items.length, total: data.total })}
          </button>
        )}
      </section>
    </div>
  );
}
