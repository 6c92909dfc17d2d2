import { useState, type FormEvent } from 'react';
import type { ApiError, CounterBrief as Brief, Fact, Tag } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { useI18n } from '../i18n';
import { money } from '../loyalty/format';
import { href } from '../app/router';
import { counted } from '../today/format';

interface Props {
  brief: Brief;
  onChanged(): void;
}

/** What to know before saying hello: pinned facts first, then the few things that matter today. */
export function CounterBrief({ brief, onChanged }: Props) {
  const i18n = useI18n();
  const { t, tDynamic, relative } = i18n;
  const c = brief.customer;

  const chips: { text: string; tone?: 'warn' | 'good' }[] = [];
  if (brief.birthday) {
    const turns = brief.birthday.turns ? ` (${t('brief.turns', { n: brief.birthday.turns })})` : '';
    chips.push({ text: (brief.birthday.inDays === 0 ? t('brief.birthdayToday') : counted(i18n, 'brief.birthdaySoon', brief.birthday.inDays)) + turns, tone: 'good' });
  }
  if (brief.followUps.length) chips.push({ text: counted(i18n, 'brief.followUps', brief.followUps.length), tone: 'warn' });
  if (brief.complaints.length) chips.push({ text: counted(i18n, 'brief.complaints', brief.complaints.length), tone: 'warn' });
  if (brief.wishes.length) chips.push({ text: counted(i18n, 'brief.wishes', brief.wishes.length) });
  chips.push({ text: `${c.preferredChannel ? t('brief.prefers', { channel: tDynamic(`channel.${c.preferredChannel}`) }) : t('channel.none')} · ${c.marketingConsent ? t('brief.consentYes') : t('brief.consentNo')}` });
  if (brief.referralCount) chips.push({ text: counted(i18n, 'brief.brought', brief.referralCount) });

  // An undone purchase is not a visit that stands (the handler leaves it out; so does this).
  const last = brief.lastVisit?.undone ? null : brief.lastVisit;
  const entry = brief.lastEntry;
  return (
    <section className="brief" aria-label={t('brief.label')}>
      <Facts customerId={c.id} facts={brief.facts} onChanged={onChanged} />
      <ul className="brief-chips">
        {chips.map((chip) => <li key={chip.text} className={`chip${chip.tone ? ` chip-${chip.tone}` : ''}`}>{chip.text}</li>)}
        {brief.referredBy && (
          <li className="chip"><a href={href({ name: 'customer', id: brief.referredBy.id })}>{t('brief.referredBy', { name: brief.referredBy.displayName })}</a></li>
        )}
      </ul>
      {(last || entry) && (
        <p className="brief-last muted">
          {last && t('brief.lastVisit', {
            when: relative(last.occurredAt),
            what: last.kind === 'purchase' ? `${money(i18n, last.amountCents)}${last.description ? ` (${last.description})` : ''}` : t('loyalty.aVisit'),
          })}
          {last && entry ? ' · ' : ''}
          {entry && tDynamic(`brief.last.${entry.kind}`, { text: entry.text.length > 90 ? `${entry.text.slice(0, 90)}…` : entry.text || relative(entry.at) })}
        </p>
      )}
      <Tags customerId={c.id} tags={brief.tags} onChanged={onChanged} />
    </section>
  );
}

function Facts({ customerId, facts, onChanged }: { customerId: number; facts: Fact[]; onChanged(): void }) {
  const { t, tDynamic } = useI18n();
  const factHint = `+ ${t('facts.add')} — ${t('facts.placeholder')}`;
  const [text, setText] = useState('');
  const [editing, setEditing] = useState<{ id: number; text: string } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    const result = await call('facts.add', { customerId, text });
    if (!result.ok) return setError(result.error);
    setError(null);
    setText('');
    onChanged();
  };
  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!editing) return;
    const result = await call('facts.edit', { id: editing.id, text: editing.text });
    if (!result.ok) return setError(result.error);
    setError(null);
    setEditing(null);
    onChanged();
  };
  const remove = async (fact: Fact) => {
    await call('facts.delete', { id: fact.id });
    onChanged();
  };
  const issue = error?.fields?.text ?? error?.fields?.customerId;

  return (
    <div className="facts" aria-labelledby="facts-title">
      <h2 id="facts-title" className="visually-hidden">{t('facts.title')}</h2>
      <ul className="fact-list">
        {facts.map((fact) => (
          <li key={fact.id} className="fact">
            {editing?.id === fact.id ? (
              <form onSubmit={save} className="fact-edit">
                <input aria-label={t('facts.edit', { text: fact.text })} value={editing.text} autoFocus onChange={(e) => setEditing({ id: fact.id, text: e.target.value })} onKeyDown={(e) => e.key === 'Escape' && setEditing(null)} />
                <button type="submit" className="button-link">{t('facts.save')}</button>
              </form>
            ) : (
              <>
                <span aria-hidden="true">★</span>
                <button type="button" className="fact-text" onClick={() => setEditing({ id: fact.id, text: fact.text })} aria-label={t('facts.edit', { text: fact.text })}>{fact.text}</button>
                <button type="button" className="fact-remove" onClick={() => void remove(fact)} aria-label={t('facts.delete', { text: fact.text })}>×</button>
              </>
            )}
          </li>
        ))}
        <li className="fact-add">
          <form onSubmit={add}>
            {/* As wide as its hint in either language: "allergisch voor noten" must not be cut. */}
            <input aria-label={t('facts.new')} placeholder={factHint} size={factHint.length} value={text} onChange={(e) => setText(e.target.value)} />
          </form>
        </li>
      </ul>
      {issue && <p className="field-error" role="alert">{tDynamic(`fieldErrors.${issue.code}`, issue.params)}</p>}
      {error && !error.fields && <p className="field-error" role="alert">{tDynamic(errorKey(error))}</p>}
    </div>
  );
}

function Tags({ customerId, tags, onChanged }: { customerId: number; tags: Tag[]; onChanged(): void }) {
  const { t, tDynamic } = useI18n();
  const [name, setName] = useState('');
  const [suggestions, setSuggestions] = useState<Tag[]>([]);
  const [error, setError] = useState<ApiError | null>(null);

  const type = async (value: string) => {
    setName(value);
    const result = value.trim() ? await call('tags.list', { prefix: value.trim(), limit: 8 }) : null;
    setSuggestions(result?.ok ? result.value.filter((s) => !tags.some((tag) => tag.id === s.id)) : []);
  };
  const add = async (e?: FormEvent, chosen?: string) => {
    e?.preventDefault();
    const result = await call('tags.add', { customerId, name: chosen ?? name });
    if (!result.ok) return setError(result.error);
    setError(null);
    setName('');
    setSuggestions([]);
    onChanged();
  };
  const remove = async (tag: Tag) => {
    await call('tags.remove', { customerId, tagId: tag.id });
    onChanged();
  };
  const issue = error?.fields?.name;

  return (
    <div className="tags-row">
      <span className="tags-label">{t('profileTags.title')}:</span>
      <ul className="tag-list">
        {tags.map((tag) => (
          <li key={tag.id} className="tag">
            <a href={`#/tags/${tag.id}`}>{tag.name}</a>
            <button type="button" onClick={() => void remove(tag)} aria-label={t('profileTags.remove', { name: tag.name })}>×</button>
          </li>
        ))}
      </ul>
      <form onSubmit={add} className="tag-add">
        <input
          aria-label={t('profileTags.add')}
          placeholder={`+ ${t('profileTags.placeholder')}`}
          list={`tag-suggestions-${customerId}`}
          value={name}
          onChange={(e) => void type(e.target.value)}
        />
        <datalist id={`tag-suggestions-${customerId}`}>
          {suggestions.map((s) => <option key={s.id} value={s.name} />)}
        </datalist>
      </form>
      {issue && <p className="field-error" role="alert">{tDynamic(`fieldErrors.${issue.code}`, issue.params)}</p>}
    </div>
  );
}
