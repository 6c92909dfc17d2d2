import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { CustomerSummary } from '../../../main/api/contract';
import { call } from '../api';
import { useI18n } from '../i18n';
import { navigate } from '../app/router';
import { useSearch } from './useSearch';

const CARDLIKE = /^\s*[A-Za-z0-9-]{4,32}\s*$/;

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function SearchBar() {
  const { t, tDynamic, relative } = useI18n();
  const [query, setQuery] = useState('');
  const [choice, setChoice] = useState<{ result: unknown; index: number }>({ result: null, index: 0 });
  const [notice, setNotice] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const { state, settle } = useSearch(query);

  const result = state.status === 'done' ? state.result : state.status === 'loading' ? state.previous : null;
  const hits = result?.hits ?? [];
  const notes = result?.notes ?? [];
  const showCreate = state.status === 'done' && hits.length === 0 && notes.length === 0;
  const optionCount = hits.length + notes.length + (showCreate ? 1 : 0);
  const open = query.trim() !== '';

  // The search box takes whatever the shopkeeper types, wherever the focus was.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        input.current?.focus();
        input.current?.select();
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey || e.key.length !== 1 || isTyping(e.target)) return;
      if (document.querySelector('[role="dialog"]')) return;
      input.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // A new set of results starts at the top again.
  const active = choice.result === result ? choice.index : 0;
  const setActive = (next: number | ((i: number) => number)) =>
    setChoice({ result, index: typeof next === 'function' ? next(active) : next });

  const reset = () => {
    setQuery('');
    setNotice('');
    setChoice({ result: null, index: 0 });
  };

  const openCustomerId = (id: number) => {
    reset();
    input.current?.blur();
    navigate({ name: 'customer', id });
  };
  const openCustomer = (hit: CustomerSummary) => openCustomerId(hit.id);

  const create = () => {
    const q = query.trim();
    const card = result !== null && result.query.trim() === q && result.isCardNumber;
    reset();
    navigate({ name: 'new', query: q, card });
  };

  const onEnter = async () => {
    const typed = query;
    // A scanner types the card number and Enter faster than results can show.
    if (CARDLIKE.test(typed)) {
      const card = await call('customers.byCard', { cardNumber: typed });
      if (card.ok && card.value) return openCustomer(card.value);
    }
    const settled = state.status === 'done' && state.query === typed ? state.result : await settle();
    const noteHit = settled && active >= settled.hits.length ? settled.notes[active - settled.hits.length] : undefined;
    if (noteHit) return openCustomerId(noteHit.customerId);
    const hit = settled?.hits[active] ?? settled?.hits[0] ?? settled?.notes[0];
    if (hit) return openCustomerId('customerId' in hit ? hit.customerId : hit.id);
    if (CARDLIKE.test(typed) && /\d{6,}/.test(typed)) return setNotice(t('search.cardUnknown', { card: typed.trim() }));
    if (settled) create();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' && optionCount > 0) {
      e.preventDefault();
      setActive((i) => (i + 1) % optionCount);
    } else if (e.key === 'ArrowUp' && optionCount > 0) {
      e.preventDefault();
      setActive((i) => (i - 1 + optionCount) % optionCount);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      void onEnter();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      reset();
    }
  };

  const activeId = open && optionCount > 0 ? `search-option-${active}` : undefined;

  return (
    <div className="search" role="search">
      <label htmlFor="search-input" className="visually-hidden">{t('search.label')}</label>
      <span className="search-icon" aria-hidden="true">⌕</span>
      <input
        id="search-input"
        ref={input}
        className="search-input"
        type="search"
        autoFocus
        autoComplete="off"
        spellCheck={false}
        placeholder={t('search.placeholder')}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setNotice('');
        }}
        onKeyDown={onKeyDown}
        role="combobox"
        aria-expanded={open}
        aria-controls="search-results"
        aria-autocomplete="list"
        aria-activedescendant={activeId}
      />
      {query !== '' && (
        <button type="button" className="search-clear" onClick={() => { reset(); input.current?.focus(); }} aria-label={t('search.clear')}>
          ×
        </button>
      )}
      {open && (
        <div className="search-panel">
          <ul id="search-results" role="listbox" aria-label={t('search.results')} className="search-list">
            {hits.map((hit, i) => (
              <li
                key={hit.id}
                id={`search-option-${i}`}
                role="option"
                aria-selected={i === active}
                className={`search-hit${i === active ? ' is-active' : ''}`}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => openCustomer(hit)}
                onMouseMove={(e) => {
                  // Results appearing under a resting pointer must not steal the keyboard's choice.
                  if (e.movementX !== 0 || e.movementY !== 0) setActive(i);
                }}
              >
                <span className="search-hit-main">
                  <span className="search-hit-name">{hit.displayName}</span>
                  <span className="search-hit-details">
                    {[hit.phone, hit.email, hit.city].filter(Boolean).join(' · ')}
                  </span>
                </span>
                <span className="search-hit-side">
                  <span className="card-number">{hit.cardNumber}</span>
                  <span className="muted">{relative(hit.lastSeenAt)}</span>
                </span>
              </li>
            ))}
            {notes.length > 0 && (
              <li role="presentation" className="search-group">{t('search.notes')}</li>
            )}
            {notes.map((note, j) => {
              const i = hits.length + j;
              return (
                <li
                  key={`note-${note.customerId}-${note.entryId ?? note.fieldName}`}
                  id={`search-option-${i}`}
                  role="option"
                  aria-selected={i === active}
                  className={`search-hit search-note${i === active ? ' is-active' : ''}`}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => openCustomerId(note.customerId)}
                  onMouseMove={(e) => {
                    if (e.movementX !== 0 || e.movementY !== 0) setActive(i);
                  }}
                >
                  <span className="search-hit-main">
                    <span className="search-hit-name">{note.displayName}</span>
                    <span className="search-hit-details">
                      {note.snippet.before}<mark>{note.snippet.match}</mark>{note.snippet.after}
                    </span>
                  </span>
                  <span className="search-hit-side muted">
                    {note.fieldName ?? tDynamic(`kind.${note.kind}`)}
                  </span>
                </li>
              );
            })}
            {showCreate && (
              <li
                id={`search-option-${hits.length + notes.length}`}
                role="option"
                aria-selected={active === hits.length + notes.length}
                className={`search-create${active === hits.length + notes.length ? ' is-active' : ''}`}
                onMouseDown={(e) => e.preventDefault()}
                onClick={create}
              >
                + {t('search.createFrom', { query: query.trim() })}
              </li>
            )}
          </ul>
          <div className="search-status" role="status" aria-live="polite">
            {notice ||
              (state.status === 'short' ? t('search.tooShort')
                : state.status === 'failed' ? t('errors.internal')
                : showCreate ? t('search.none', { query: query.trim() })
                : state.status === 'done' ? `${t('search.resultsCount', { count: hits.length + notes.length })} · ${t('search.keys')}`
                : '')}
          </div>
        </div>
      )}
    </div>
  );
}
