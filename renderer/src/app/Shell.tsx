import { useEffect } from 'react';
import { useI18n } from '../i18n';
import { SearchBar } from '../search/SearchBar';
import { HomePage } from '../home/HomePage';
import { ProfilePage } from '../customers/ProfilePage';
import { NewCustomerPage, EditCustomerPage } from '../customers/CustomerPages';
import { SettingsPage } from '../settings/SettingsPage';
import { ProgramPage } from '../loyalty/ProgramPage';
import { UnprintedPage } from '../receipts/UnprintedPage';
import { TagsPage } from '../today/TagsPage';
import { TagPage } from '../today/TagPage';
import { WishesPage } from '../today/WishesPage';
import { StaffSelect } from './StaffSelect';
import { BackupPage } from '../backup/BackupPage';
import { ExchangePage } from '../exchange/ExchangePage';
import { MergePage } from '../privacy/MergePage';
import { InsightsPage } from '../insights/InsightsPage';
import { ListsPage } from '../lists/ListsPage';
import { useReceipts } from '../receipts/ReceiptsContext';
import { useApp } from './AppContext';
import { href, navigate, parseRoute, section, useHash } from './router';

export function Shell() {
  const { t } = useI18n();
  const { settings } = useApp();
  const route = parseRoute(useHash());
  const { unprinted } = useReceipts();

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.shiftKey && e.key.toLowerCase() === 'n') {
        e.preventDefault();
        navigate({ name: 'new', query: '' });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    document.title = settings.shopName ? `${settings.shopName} · ${t('app.name')}` : t('app.name');
  }, [settings.shopName, t]);

  return (
    <div className="shell">
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          // The hash is the router's: move the focus without navigating.
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <a className="brand" href={href({ name: 'home' })}>
          <span className="brand-logo" aria-hidden="true">C</span>
          <span className="brand-text">
            <span className="brand-name">{t('app.name')}</span>
            {settings.shopName && <span className="brand-shop">{settings.shopName}</span>}
          </span>
          <span className="visually-hidden"> — {t('nav.home')}</span>
        </a>
        <SearchBar />
        <nav className="topbar-actions" aria-label={t('nav.home')}>
          {unprinted > 0 && (
            <a className="button button-warning" href={href({ name: 'unprinted' })} aria-current={route.name === 'unprinted' ? 'page' : undefined}>
              {t('unprinted.nav', { n: unprinted })}
            </a>
          )}
          <a className="button button-primary" href={href({ name: 'new', query: '' })}>
            + {t('nav.newCustomer')}
          </a>
          <a className="button button-ghost" href={href({ name: 'program' })} aria-current={route.name === 'program' ? 'page' : undefined}>
            {t('program.nav')}
          </a>
          <a className="button button-ghost" href={href({ name: 'settings' })} aria-current={route.name === 'settings' ? 'page' : undefined}>
            {t('nav.settings')}
          </a>
        </nav>
        <StaffSelect />
      </header>
      <nav className="subnav" aria-label={t('sections.label')}>
        <a href={href({ name: 'home' })} aria-current={route.name === 'home' ? 'page' : undefined}>{t('sections.today')}</a>
        <a href={href({ name: 'tags' })} aria-current={route.name === 'tags' || route.name === 'tag' ? 'page' : undefined}>{t('sections.tags')}</a>
        <a href={href({ name: 'wishes' })} aria-current={route.name === 'wishes' ? 'page' : undefined}>{t('sections.wishes')}</a>
        <a href={href(section('insights'))} aria-current={route.name === 'insights' ? 'page' : undefined}>{t('sections.insights')}</a>
        <a href={href(section('lists'))} aria-current={route.name === 'lists' ? 'page' : undefined}>{t('sections.lists')}</a>
        <span className="subnav-gap" aria-hidden="true" />
        <a href={href(section('backup'))} aria-current={route.name === 'backup' ? 'page' : undefined}>{t('sections.backup')}</a>
        <a href={href(section('exchange'))} aria-current={route.name === 'exchange' ? 'page' : undefined}>{t('sections.exchange')}</a>
        <a href={href(section('merge'))} aria-current={route.name === 'merge' ? 'page' : undefined}>{t('sections.privacy')}</a>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        {route.name === 'home' && <HomePage />}
        {route.name === 'customer' && <ProfilePage key={route.id} id={route.id} />}
        {route.name === 'edit' && <EditCustomerPage key={route.id} id={route.id} />}
        {route.name === 'new' && <NewCustomerPage key={`${route.card ? 'card' : 'q'}:${route.query}`} query={route.query} card={route.card ?? false} />}
        {route.name === 'settings' && <SettingsPage />}
        {route.name === 'program' && <ProgramPage />}
        {route.name === 'unprinted' && <UnprintedPage />}
        {route.name === 'tags' && <TagsPage />}
        {route.name === 'tag' && <TagPage key={route.id} id={route.id} />}
        {route.name === 'wishes' && <WishesPage />}
        {route.name === 'backup' && <BackupPage rest={route.rest} params={route.params} />}
        {route.name === 'exchange' && <ExchangePage rest={route.rest} params={route.params} />}
        {route.name === 'merge' && <MergePage rest={route.rest} params={route.params} />}
        {route.name === 'insights' && <InsightsPage rest={route.rest} params={route.params} />}
        {route.name === 'lists' && <ListsPage rest={route.rest} params={route.params} />}
      </main>
    </div>
  );
}
