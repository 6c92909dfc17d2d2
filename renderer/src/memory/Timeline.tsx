import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { ApiError, EntryKind, TimelineEntry } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { useI18n } from '../i18n';
import { useToast } from '../ui/toast';
import { Field } from '../ui/Field';
import { EntryDialog } from './EntryDialog';
import { counted } from '../today/format';

const KINDS: EntryKind[] = ['note', 'conversation', 'complaint', 'feedback', 'wish'];
// Rows have one height, so only the rows in view are drawn: 5,000 entries scroll like 50.
const ROW = 72;
const VIEW = 432;
const OVERSCAN = 6;

interface Props {
  customerId: number;
  onChanged(): void;
}

export function Timeline({ customerId, onChanged }: Props) {
  const i18n = useI18n();
  const { t, tDynamic, dateTime } = i18n;
  const notify = useToast();
  const [items, setItems] = useState<TimelineEntry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [loading, setLoading] = useState(false);
  const [scrollTop, setScrollTop] = useState(0);
  const [kind, setKind] = useState<EntryKind>('note');
  const [text, setText] = useState('');
  const [score, setScore] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [open, setOpen] = useState<TimelineEntry | null>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const loadingRef = useRef(false);

  const loadFirst = useCallback(async () => {
    const page = await call('notes.timeline', { customerId, limit: 100 });
    if (!page.ok) return;
    setItems(page.value.items);
    setNext(page.value.next);
    setTotal(page.value.total);
  }, [customerId]);

  useEffect(() => {
    let current = true;
    call('notes.timeline', { customerId, limit: 100 }).then((page) => {
      if (!current || !page.ok) return;
      setItems(page.value.items);
      setNext(page.value.next);
      setTotal(page.value.total);
    });
    return () => {
      current = false;
    };
  }, [customerId]);

  const loadMore = async () => {
    if (!next || loadingRef.current) return;
    loadingRef.current = true;
    setLoading(true);
    const page = await call('notes.timeline', { customerId, cursor: next, limit: 100 });
    loadingRef.current = false;
    setLoading(false);
    if (!page.ok) return;
    setItems((prev) => [...prev, ...page.value.items]);
    setNext(page.value.next);
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && e.key.toLowerCase() === 'n') {
        e.preventDefault();
        textRef.current?.focus();
        textRef.current?.scrollIntoView({ block: 'center' });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    const result = await call('notes.add', {
      customerId, kind, text,
      score: kind === 'feedback' ? (score === '' ? null : Number(score)) : null,
    });
    if (!result.ok) return setError(result.error);
    setError(null);
    setText('');
    setScore('');
    notify(t('timeline.saved'));
    await loadFirst();
    onChanged();
  };

  const changed = async () => {
    await loadFirst();
    onChanged();
  };

  const first = Math.max(0, Math.floor(scrollTop / ROW) - OVERSCAN);
  const last = Math.min(items.length, Math.ceil((scrollTop + VIEW) / ROW) + OVERSCAN);
  const issue = (field: string) => {
    const found = error?.fields?.[field];
    return found ? tDynamic(`fieldErrors.${found.code}`, found.params) : undefined;
  };

  return (
    <section className="panel timeline" aria-labelledby="timeline-title">
      <div className="timeline-head">
        <h2 id="timeline-title">{t('timeline.title')}</h2>
        {total !== null && total > 0 && <span className="muted">{counted(i18n, 'timeline.count', total)}</span>}
        <span className="muted keys">{t('timeline.keys')}</span>
      </div>
      <form className="timeline-form" onSubmit={add} aria-label={t('timeline.add')}>
        <Field label={t('timeline.kind')}>
          {(a11y) => (
            <select {...a11y} value={kind} onChange={(e) => setKind(e.target.value as EntryKind)}>
              {KINDS.map((k) => <option key={k} value={k}>{tDynamic(`kind.${k}`)}</option>)}
            </select>
          )}
        </Field>
        <Field label={t('timeline.text')} error={issue('text')} className="timeline-text">
          {(a11y) => (
            <textarea
              {...a11y}
              ref={textRef}
              rows={2}
              value={text}
              onChange={(e) => setText(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void add(e);
              }}
            />
          )}
        </Field>
        {kind === 'feedback' && (
          <Field label={t('timeline.score')} error={issue('score')}>
            {(a11y) => (
              <select {...a11y} value={score} onChange={(e) => setScore(e.target.value)}>
                <option value="" />
                {[1, 2, 3, 4, 5].map((n) => <option key={n} value={n}>{'★'.repeat(n)} {n}</option>)}
              </select>
            )}
          </Field>
        )}
        <button type="submit" className="button button-primary">{t('timeline.save')}</button>
      </form>
      {error && !error.fields && <p className="alert" role="alert">{tDynamic(errorKey(error))}</p>}

      {items.length === 0 ? (
        <p className="muted">{t('timeline.empty')}</p>
      ) : (
        <div
          className="timeline-scroll"
          style={{ height: Math.min(VIEW, items.length * ROW) }}
          onScroll={(e) => {
            const el = e.currentTarget;
            setScrollTop(el.scrollTop);
            if (el.scrollTop + el.clientHeight > el.scrollHeight - ROW * 20) void loadMore();
          }}
          tabIndex={0}
          role="region"
          aria-label={t('timeline.title')}
        >
          <ol className="timeline-list" style={{ height: items.length * ROW }}>
            {items.slice(first, last).map((entry, i) => (
              <li key={entry.id} className={`entry entry-${entry.kind}`} style={{ top: (first + i) * ROW, height: ROW }}>
                <button type="button" className="entry-button" onClick={() => setOpen(entry)}>
                  <span className="entry-meta">
                    <span className={`entry-kind kind-${entry.kind}`}>{tDynamic(`kind.${entry.kind}`)}</span>
                    {entry.status && <span className={`entry-status status-${entry.status}`}>{tDynamic(`status.${entry.status}`)}</span>}
                    {entry.score !== null && <span className="entry-score" aria-label={t('entry.score', { n: entry.score })}>{'★'.repeat(entry.score)}</span>}
                    <span className="muted">{dateTime(entry.at)}{entry.staff ? ` · ${t('timeline.by', { staff: entry.staff })}` : ''}{entry.editedAt ? ` · ${t('timeline.edited')}` : ''}</span>
                  </span>
                  <span className="entry-text">{entry.kind === 'contact' && entry.contact?.tagName ? `${entry.contact.tagName}: ` : ''}{entry.text}</span>
                </button>
              </li>
            ))}
          </ol>
          {loading && <p className="muted">{t('timeline.loading')}</p>}
        </div>
      )}
      {open && <EntryDialog entry={open} onClose={() => setOpen(null)} onChanged={changed} />}
    </section>
  );
}
