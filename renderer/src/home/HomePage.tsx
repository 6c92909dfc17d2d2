import { useEffect, useState } from 'react';
import type { CustomerSummary, ShopFigures } from '../../../main/api/contract';
import { units } from '../loyalty/format';
import { request } from '../api';
import { useI18n } from '../i18n';
import { counted } from '../today/format';
import { useApp } from '../app/AppContext';
import { href } from '../app/router';
import { TodayBoard } from '../today/TodayBoard';
import { LastBackup } from '../backup/LastBackup';

export function HomePage() {
  const i18n = useI18n();
  const { t, relative } = i18n;
  const { settings } = useApp();
  const [recent, setRecent] = useState<CustomerSummary[] | null>(null);
  const [figures, setFigures] = useState<ShopFigures | null>(null);

  useEffect(() => {
    request('customers.recent', { limit: 8 }).then(setRecent, () => setRecent([]));
    request('loyalty.figures', {}).then(setFigures, () => setFigures(null));
  }, []);

  return (
    <div className="page home">
      <section className="welcome" aria-labelledby="welcome-title">
        <h1 id="welcome-title">
          {settings.shopName ? t('home.greetingShop', { shop: settings.shopName }) : t('home.greeting')}
        </h1>
        <p className="lead">{t('search.hint')}</p>
        <p className="muted">{t('home.shortcuts')}</p>
      </section>
      <LastBackup />
      <TodayBoard />
      {figures && (
        <section className="panel" aria-labelledby="figures-title">
          <h2 id="figures-title">{t('loyalty.figures')}</h2>
          <dl className="figures">
            <div className="figure">
              <dt>{t('loyalty.figures.redeemed')}</dt>
              <dd className="figure-number">{figures.redeemedThisMonth.count}</dd>
            </div>
            <div className="figure">
              <dt>{t('loyalty.figures.outstanding')}</dt>
              <dd className="figure-number">{units(i18n, figures.outstanding.total, figures.unit)}</dd>
              <dd className="muted">{counted(i18n, 'loyalty.figures.customers', figures.outstanding.customers)}</dd>
            </div>
          </dl>
        </section>
      )}
      <section className="panel" aria-labelledby="recent-title">
        <h2 id="recent-title">{t('home.recent')}</h2>
        {recent && recent.length === 0 && <p className="muted">{t('home.recentEmpty')}</p>}
        {recent && recent.length > 0 && (
          <ul className="customer-list">
            {recent.map((c) => (
              <li key={c.id}>
                <a className="customer-row" href={href({ name: 'customer', id: c.id })}>
                  <span className="avatar" aria-hidden="true">{initials(c.displayName)}</span>
                  <span className="customer-row-main">
                    <span className="customer-row-name">{c.displayName}</span>
                    <span className="muted">{[c.phone, c.city].filter(Boolean).join(' · ')}</span>
                  </span>
                  <span className="muted">{relative(c.lastSeenAt)}</span>
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

export function initials(name: string): string {
  const parts = name.split(/\s+/).filter((p) => /^\p{Lu}/u.test(p));
  const picked = parts.length >= 2 ? [parts[0]!, parts[parts.length - 1]!] : name.split(/\s+/).slice(0, 2);
  return picked.map((p) => p[0]!.toUpperCase()).join('');
}
