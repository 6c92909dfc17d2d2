import { useEffect, useState } from 'react';
import type { ApiError, ListName, SavedFilter } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { href, section } from '../app/router';
import { useI18n } from '../i18n';
import { counted } from '../today/format';

export const LISTS: readonly ListName[] = ['birthdays', 'top', 'lapsed', 'rewards', 'satisfied', 'unhappy'];

/** `#/lists`: the lists to act on, the customer list with its filters, and the saved filters. */
export function Overview() {
  const i18n = useI18n();
  const { t, tDynamic } = i18n;
  const [saved, setSaved] = useState<SavedFilter[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    let live = true;
    call('lists.filters', {}).then((r) => {
      if (!live) return;
      if (!r.ok) return setError(r.error);
      setSaved(r.value);
    });
    return () => {
      live = false;
    };
  }, []);

  return (
    <div className="page lists-page">
      <h1>{t('lists.title')}</h1>
      <p className="lead">{t('lists.intro')}</p>
      <ul className="lists-cards">
        {LISTS.map((list) => (
          <li key={list}>
            <a className="lists-card" href={href(section('lists', [list]))}>
              <span className="lists-card-name">{tDynamic(`lists.name.${list}`)}</span>
              <span className="lists-card-about">{tDynamic(`lists.about.${list}`)}</span>
            </a>
          </li>
        ))}
      </ul>
      <div className="lists-overview-grid">
        <section className="panel" aria-labelledby="customers-title">
          <h2 id="customers-title">{t('lists.customers.title')}</h2>
          <p>{t('lists.customers.about')}</p>
          <a className="button button-primary" href={href(section('lists', ['customers']))}>{t('lists.saved.new')}</a>
        </section>
        <section className="panel" aria-labelledby="saved-title" aria-busy={saved === null && !error}>
          <h2 id="saved-title">{t('lists.saved.title')}</h2>
          {error && <p className="alert" role="alert">{tDynamic(errorKey(error))}</p>}
          {saved && saved.length === 0 && <p className="today-empty">{t('lists.saved.none')}</p>}
          {saved && saved.length > 0 && (
            <ul className="today-lines">
              {saved.map((f) => (
                <li key={f.id}>
                  <a className="today-line today-link" href={href(section('lists', ['customers'], { f: String(f.id) }))}>
                    <span className="today-name">{f.name}</span>
                    <span className="today-when">{counted(i18n, 'lists.saved.criteria', f.criteria)}</span>
                  </a>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}
