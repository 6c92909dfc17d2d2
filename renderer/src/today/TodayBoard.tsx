import { useCallback, useEffect, useRef, useState, type ReactNode, type Ref } from 'react';
import type { ApiError, BirthdayLine, TodayFollowUp, TodayScreen } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { useI18n, type I18n } from '../i18n';
import { useToast } from '../ui/toast';
import { href, section } from '../app/router';
import { counted, noonOf, shortWeekdayDate, weekdayDate } from './format';

// What needs doing today, first thing on the home screen: follow-ups due, birthdays, open
// complaints and wishes, and regulars who stay away. Every line opens the customer.

/** Lines a panel shows before "Show all". */
const SHOWN = 5;

export function TodayBoard() {
  const i18n = useI18n();
  const { t, tDynamic } = i18n;
  const notify = useToast();
  const [screen, setScreen] = useState<TodayScreen | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [pending, setPending] = useState<number | null>(null);
  // Where the focus goes once a handled follow-up has left the list.
  const focusAfter = useRef<number | null>(null);
  const followUpList = useRef<HTMLUListElement>(null);
  const followUpHeading = useRef<HTMLHeadingElement>(null);

  const load = useCallback(
    () =>
      call('today.get', {}).then((r) => {
        if (!r.ok) return setError(r.error);
        setError(null);
        setScreen(r.value);
      }),
    [],
  );
  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    const index = focusAfter.current;
    if (index === null || !screen) return;
    focusAfter.current = null;
    const buttons = followUpList.current?.querySelectorAll<HTMLButtonElement>('li button:first-of-type');
    const next = buttons?.[Math.min(index, buttons.length - 1)];
    (next ?? followUpHeading.current)?.focus();
  }, [screen]);

  if (!screen) {
    return (
      <section className="today" aria-labelledby="today-title" aria-busy={!error}>
        <h2 id="today-title" className="today-title">{t('today.title')}</h2>
        {error && <p className="alert" role="alert">{tDynamic(errorKey(error))}</p>}
      </section>
    );
  }

  const shopNow = noonOf(screen.day);

  const act = async (f: TodayFollowUp, index: number, days: number | null) => {
    setPending(f.id);
    if (days === null) {
      const result = await call('followups.done', { id: f.id });
      setPending(null);
      if (!result.ok) return notify(tDynamic(errorKey(result.error)));
      const next = result.value.next;
      notify(next
        ? t('today.followUps.doneNext', { name: f.displayName, date: weekdayDate(i18n, next.dueOn) })
        : t('today.followUps.doneToast', { name: f.displayName }));
    } else {
      const result = await call('followups.snooze', { id: f.id, days });
      setPending(null);
      if (!result.ok) return notify(tDynamic(errorKey(result.error)));
      notify(t('today.followUps.snoozedToast', { name: f.displayName, date: weekdayDate(i18n, result.value.dueOn) }));
    }
    focusAfter.current = index;
    await load();
  };

  const { followUps, birthdays, complaints, wishes, regulars } = screen;
  const birthdayCount = birthdays.todayTotal + birthdays.weekTotal;

  return (
    <section className="today" aria-labelledby="today-title">
      <h2 id="today-title" className="today-title">
        {t('today.title')} <span className="today-date">{weekdayDate(i18n, screen.day)}</span>
      </h2>
      <div className="today-grid">
        <Panel id="followups" title={t('today.followUps')} count={followUps.total} className="today-followups" headingRef={followUpHeading}
          note={followUps.overdue > 0 ? <span className="today-overdue-note">{counted(i18n, 'today.followUps.overdueCount', followUps.overdue)}</span> : null}
        >
          {followUps.items.length === 0 ? <p className="today-empty">{t('today.followUps.empty')}</p> : (
            <Lines items={followUps.items} listRef={followUpList} total={followUps.total} render={(f, index) => {
              const what = { text: f.text, name: f.displayName };
              const busy = pending === f.id;
              return (
                <li key={f.id} className="today-line followup-line">
                  <div className="today-line-main">
                    <span className="followup-head">
                      <a className="today-name" href={href({ name: 'customer', id: f.customerId })}>{f.displayName}</a>{' '}
                      <span className={`due-badge${f.daysOverdue > 0 ? ' is-overdue' : ''}`}>
                        {f.daysOverdue > 0 ? counted(i18n, 'today.followUps.overdue', f.daysOverdue) : t('today.followUps.dueToday')}
                      </span>
                    </span>
                    <span className="today-text clamp" title={f.text}>{f.text}</span>
                  </div>
                  <span className="today-actions">
                    <button type="button" className="button button-small button-primary" disabled={busy} aria-label={t('today.followUps.doneLabel', what)} onClick={() => void act(f, index, null)}>
                      {t('today.followUps.done')}
                    </button>
                    <button type="button" className="button button-small button-ghost" disabled={busy} aria-label={t('today.followUps.tomorrowLabel', what)} onClick={() => void act(f, index, 1)}>
                      {t('today.followUps.tomorrow')}
                    </button>
                    <button type="button" className="button button-small button-ghost" disabled={busy} aria-label={t('today.followUps.weekLabel', what)} onClick={() => void act(f, index, 7)}>
                      {t('today.followUps.week')}
                    </button>
                  </span>
                </li>
              );
            }} />
          )}
        </Panel>

        <Panel id="birthdays" title={t('today.birthdays')} count={birthdayCount} className="today-birthdays">
          {birthdayCount === 0 ? <p className="today-empty">{t('today.birthdays.empty')}</p> : (
            <Lines items={[...birthdays.today, ...birthdays.week]} total={birthdayCount}
              render={(b) => <BirthdayItem key={`${b.customerId}-${b.on}`} b={b} i18n={i18n} />} />
          )}
        </Panel>

        <Panel id="complaints" title={t('today.complaints')} count={complaints.total}>
          {complaints.items.length === 0 ? <p className="today-empty">{t('today.complaints.empty')}</p> : (
            <Lines items={complaints.items} total={complaints.total} render={(c) => (
              <li key={c.id}>
                <a className="today-line today-link" href={href({ name: 'customer', id: c.customerId })}>
                  <span className="today-line-main">
                    <span className="today-name">{c.displayName}</span>{' '}
                    <span className="today-text clamp">{c.text}</span>
                  </span>{' '}
                  <span className="today-when">{i18n.relative(c.at, shopNow)}</span>
                </a>
              </li>
            )} />
          )}
        </Panel>

        <Panel id="wishes" title={t('today.wishes')} count={wishes.total}
          footer={<a className="today-more-link" href={href({ name: 'wishes' })}>{t('today.wishes.all')}</a>}
        >
          {wishes.items.length === 0 ? <p className="today-empty">{t('today.wishes.empty')}</p> : (
            <Lines items={wishes.items} total={wishes.total} render={(w) => (
              <li key={w.id}>
                <a className="today-line today-link" href={href({ name: 'customer', id: w.customerId })}>
                  <span className="today-line-main">
                    <span className="today-name">{w.displayName}</span>{' '}
                    <span className="today-text clamp">{w.text}</span>
                  </span>{' '}
                  <span className="today-when">{i18n.relative(w.at, shopNow)}</span>
                </a>
              </li>
            )} />
          )}
        </Panel>

        <Panel id="regulars" title={t('today.regulars')} count={regulars.total}
          footer={<a className="today-more-link" href={href(section('insights', ['overdue']))}>{t('today.regulars.all')}</a>}
        >
          {regulars.items.length === 0 ? <p className="today-empty">{t(regulars.regularCount === 0 ? 'today.regulars.none' : 'today.regulars.empty')}</p> : (
            <Lines items={regulars.items} total={regulars.total} render={(r) => (
              <li key={r.customerId}>
                <a className="today-line today-link" href={href({ name: 'customer', id: r.customerId })}>
                  <span className="today-line-main">
                    <span className="today-name">{r.displayName}</span>{' '}
                    <span className="today-text">{counted(i18n, 'today.regulars.usually', r.usualIntervalDays)}</span>
                  </span>{' '}
                  <span className="today-when is-away">{counted(i18n, 'today.regulars.away', r.daysSinceLastVisit)}</span>
                </a>
              </li>
            )} />
          )}
        </Panel>
      </div>
    </section>
  );
}

function BirthdayItem({ b, i18n }: { b: BirthdayLine; i18n: I18n }) {
  const { t } = i18n;
  const when = b.inDays === 0 ? t('today.birthdays.onToday') : b.inDays === 1 ? t('today.birthdays.tomorrow') : shortWeekdayDate(i18n, b.on);
  return (
    <li className={b.inDays === 0 ? 'is-today' : undefined}>
      <a className="today-line today-link" href={href({ name: 'customer', id: b.customerId })}>
        <span className="today-line-main">
          <span className="today-name">{b.displayName}</span>{' '}
          {b.turns !== null && <span className="today-text">{t('today.birthdays.turns', { age: b.turns })}</span>}
        </span>{' '}
        <span className={`today-when${b.inDays === 0 ? ' is-today' : ''}`}>{when}</span>
      </a>
    </li>
  );
}

function Panel({ id, title, count, note, footer, className, headingRef, children }: {
  id: string;
  title: string;
  count: number;
  note?: ReactNode;
  footer?: ReactNode;
  className?: string;
  headingRef?: Ref<HTMLHeadingElement>;
  children: ReactNode;
}) {
  return (
    <section className={`panel today-panel${className ? ` ${className}` : ''}`} aria-labelledby={`${id}-title`}>
      <div className="today-panel-head">
        <h3 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
          {title} <span className={`count-badge${count === 0 ? ' is-zero' : ''}`}>{count}</span>
        </h3>
        {note}
      </div>
      {children}
      {footer}
    </section>
  );
}

/** The first few lines, and the rest behind "Show all". */
function Lines<T>({ items, total, render, listRef }: {
  items: T[];
  total: number;
  render(item: T, index: number): ReactNode;
  listRef?: Ref<HTMLUListElement>;
}) {
  const { t } = useI18n();
  const [expanded, setExpanded] = useState(false);
  const shown = expanded ? items : items.slice(0, SHOWN);
  const hidden = items.length - shown.length;
  return (
    <>
      <ul className="today-lines" ref={listRef}>{shown.map(render)}</ul>
      {(hidden > 0 || expanded) && (
        <button type="button" className="button-link today-toggle" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
          {expanded ? t('today.showFewer') : t('today.showAll', { n: items.length })}
        </button>
      )}
      {expanded && total > items.length && <p className="muted today-more">{t('today.moreNotShown', { n: total - items.length })}</p>}
    </>
  );
}
