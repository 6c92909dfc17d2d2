import { useEffect, useId, useRef, useState } from 'react';
import type { CustomerSummary } from '../../../main/api/contract';
import { call } from '../api';
import { useI18n } from '../i18n';

export interface Picked {
  id: number;
  displayName: string;
  detail: string;
}

export const pickedOf = (c: CustomerSummary): Picked => ({
  id: c.id,
  displayName: c.displayName,
  detail: [c.phone, c.email, c.city, c.cardNumber].filter(Boolean).join(' · '),
});

interface Props {
  label: string;
  picked: Picked | null;
  /** The customer picked on the other side: not offered here. */
  exclude: number | null;
  onPick(customer: Picked | null): void;
}

/** One side of the merge screen: a customer found by the counter search, or the one picked. */
export function CustomerPicker({ label, picked, exclude, onPick }: Props) {
  const { t } = useI18n();
  const id = useId();
  const [query, setQuery] = useState('');
  const [answer, setAnswer] = useState<{ query: string; hits: CustomerSummary[] } | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const typed = query.trim();

  useEffect(() => {
    if (typed.length < 2) return;
    let current = true;
    call('customers.search', { query: typed, limit: 8, notes: 0 }).then((r) => {
      // Only the answer to the latest keystroke counts.
      if (current && r.ok) setAnswer({ query: typed, hits: r.value.hits.filter((h) => h.id !== exclude) });
    });
    return () => {
      current = false;
    };
  }, [typed, exclude]);

  const hits = typed.length >= 2 && answer?.query === typed ? answer.hits : null;

  if (picked) {
    return (
      <section className="merge-picker panel" aria-labelledby={`${id}-label`}>
        <h2 id={`${id}-label`}>{label}</h2>
        <p className="merge-picked-name">{picked.displayName}</p>
        <p className="muted merge-picked-detail">{picked.detail}</p>
        <button
          type="button"
          className="button-link"
          aria-label={`${t('merge.change')}: ${label}`}
          onClick={() => {
            setQuery('');
            onPick(null);
            setTimeout(() => input.current?.focus());
          }}
        >
          {t('merge.change')}
        </button>
      </section>
    );
  }

  return (
    <section className="merge-picker panel" aria-labelledby={`${id}-label`}>
      <h2 id={`${id}-label`}>{label}</h2>
      <div className="field">
        <label htmlFor={`${id}-q`} className="field-label">{t('merge.search')}</label>
        <input id={`${id}-q`} ref={input} type="search" autoComplete="off" value={query} onChange={(e) => setQuery(e.target.value)} />
      </div>
      {hits !== null && (
        hits.length === 0
          ? <p className="muted" role="status">{t('merge.noHits')}</p>
          : (
            <ul className="merge-hits" aria-label={label}>
              {hits.map((h) => (
                <li key={h.id}>
                  <button type="button" className="merge-hit" onClick={() => onPick(pickedOf(h))}>
                    <span className="merge-hit-name">{h.displayName}</span>
                    <span className="muted">{pickedOf(h).detail}</span>
                  </button>
                </li>
              ))}
            </ul>
          )
      )}
    </section>
  );
}
