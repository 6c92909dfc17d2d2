import { useEffect, useState } from 'react';
import type { ApiError, Tag } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { useI18n } from '../i18n';
import { Field } from '../ui/Field';
import { href } from '../app/router';
import { counted } from './format';

/** Every interest with how many customers hold it; each opens its "who to tell" list. */
export function TagsPage() {
  const i18n = useI18n();
  const { t, tDynamic } = i18n;
  const [prefix, setPrefix] = useState('');
  const [answer, setAnswer] = useState<{ prefix: string; tags: Tag[] } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    let live = true;
    call('tags.list', { prefix, limit: 100 }).then((r) => {
      if (!live) return;
      if (!r.ok) return setError(r.error);
      setError(null);
      setAnswer({ prefix, tags: r.value });
    });
    return () => {
      live = false;
    };
  }, [prefix]);

  const tags = answer?.tags ?? null;
  return (
    <div className="page tags-page">
      <h1>{t('interests.title')}</h1>
      <p className="lead">{t('interests.intro')}</p>
      <div className="filter-row">
        <Field label={t('interests.filter')} className="filter-field">
          {(a11y) => (
            <input {...a11y} type="search" autoComplete="off" spellCheck={false} placeholder={t('interests.filterPlaceholder')}
              value={prefix} onChange={(e) => setPrefix(e.target.value)} />
          )}
        </Field>
      </div>
      {error && <p className="alert" role="alert">{tDynamic(errorKey(error))}</p>}
      <section className="panel" aria-labelledby="tags-list-title" aria-busy={tags === null}>
        <h2 id="tags-list-title">{tags ? counted(i18n, 'interests.count', tags.length) : t('interests.title')}</h2>
        {tags && tags.length === 0 && (
          <p className="today-empty">{answer?.prefix.trim() ? t('interests.noneFor', { prefix: answer.prefix.trim() }) : t('interests.none')}</p>
        )}
        {tags && tags.length > 0 && (
          <ul className="tag-grid">
            {tags.map((tag) => (
              <li key={tag.id}>
                <a className="tag-card" href={href({ name: 'tag', id: tag.id })}>
                  <span className="tag-card-name">{tag.name}</span>{' '}
                  <span className="tag-card-count">{counted(i18n, 'interests.customers', tag.count)}</span>
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
