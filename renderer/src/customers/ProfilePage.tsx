import { useEffect, useState, type ReactNode } from 'react';
import type { ApiError, Customer } from '../../../main/api/contract';
import { ApiFailure, call, errorKey, request } from '../api';
import { useI18n } from '../i18n';
import { useToast } from '../ui/toast';
import { href, navigate } from '../app/router';
import { initials } from '../home/HomePage';
import { formatBirthday } from './format';
import { LoyaltyPanel } from '../loyalty/LoyaltyPanel';
import { CustomerStanding } from '../insights/CustomerStanding';
import { HistoryPanel } from '../loyalty/HistoryPanel';
import { useReceipts } from '../receipts/ReceiptsContext';
import type { CounterBrief as Brief } from '../../../main/api/contract';
import { CounterBrief } from '../memory/CounterBrief';
import { Timeline } from '../memory/Timeline';
import { FollowUps } from '../memory/FollowUps';
import { MoreAboutPanel } from '../memory/MoreAboutPanel';
import { PrivacyActions } from '../privacy/PrivacyActions';

type Load = { status: 'loading' } | { status: 'ready'; customer: Customer } | { status: 'failed'; error: ApiError };

export function ProfilePage({ id }: { id: number }) {
  const i18n = useI18n();
  const { t, date, relative, tDynamic } = i18n;
  const notify = useToast();
  const receipts = useReceipts();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const [version, setVersion] = useState(0);
  const [brief, setBrief] = useState<Brief | null>(null);
  const bump = () => setVersion((v) => v + 1);

  useEffect(() => {
    let current = true;
    call('customers.brief', { id }).then((r) => current && r.ok && setBrief(r.value));
    return () => {
      current = false;
    };
  }, [id, version]);

  useEffect(() => {
    request('customers.get', { id, markSeen: true }).then(
      (customer) => setLoad({ status: 'ready', customer }),
      (error: unknown) => setLoad({ status: 'failed', error: error instanceof ApiFailure ? error.error : { code: 'internal', message: '' } }),
    );
  }, [id]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLElement && ['INPUT', 'TEXTAREA', 'SELECT'].includes(e.target.tagName);
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'e') {
        e.preventDefault();
        navigate({ name: 'edit', id });
      } else if (e.key === 'Escape' && !typing) {
        navigate({ name: 'home' });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [id]);

  if (load.status === 'loading') return <div className="page" aria-busy="true" />;
  if (load.status === 'failed') {
    return (
      <div className="page">
        <p className="alert" role="alert">
          {load.error.code === 'not_found' ? t('profile.notFound') : tDynamic(errorKey(load.error))}
        </p>
      </div>
    );
  }

  const c = load.customer;
  const toggleArchive = async () => {
    setActionError(null);
    const result = await call(c.archivedAt === null ? 'customers.archive' : 'customers.restore', { id: c.id });
    if (!result.ok) return setActionError(result.error);
    setLoad({ status: 'ready', customer: result.value });
    notify(t(result.value.archivedAt === null ? 'profile.restored' : 'profile.archived', { name: c.displayName }));
  };

  const consent = c.marketingConsent
    ? t('customer.consentGiven', { date: date(c.consentChangedAt ?? c.createdAt) })
    : c.consentChangedAt !== null
      ? t('customer.consentWithdrawn', { date: date(c.consentChangedAt) })
      : t('customer.consentNever');

  if (c.erasedAt !== null) {
    // Nothing personal is left to show or change: what stays is for the books.
    return (
      <div className="page profile">
        <header className="profile-header">
          <span className="avatar avatar-large" aria-hidden="true">#</span>
          <div className="profile-title"><h1>{c.displayName}</h1></div>
        </header>
        <PrivacyActions key={c.id} customer={c} />
        <HistoryPanel customerId={c.id} version={version} />
      </div>
    );
  }

  return (
    <div className="page profile">
      {c.archivedAt !== null && (
        <p className="banner" role="note">{t('customer.archivedBanner', { date: date(c.archivedAt) })}</p>
      )}
      <header className="profile-header">
        <span className="avatar avatar-large" aria-hidden="true">{initials(c.displayName)}</span>
        <div className="profile-title">
          <h1>{c.displayName}</h1>
          {c.salutation && <p className="profile-salutation">{t('customer.salutation')}: <strong>{c.salutation}</strong></p>}
          <p className="muted">{t('customer.lastSeen', { when: relative(c.lastSeenAt) })} · {t('customer.created', { date: date(c.createdAt) })}</p>
        </div>
        <div className="profile-card" aria-label={t('profile.cardLabel')}>
          <span className="profile-card-label">{t('profile.cardLabel')}</span>
          <span className="card-number card-number-large">{c.cardNumber}</span>
        </div>
      </header>

      {brief && <CounterBrief brief={brief} onChanged={bump} />}

      <div className="profile-actions">
        <a className="button button-primary" href={href({ name: 'edit', id: c.id })}>{t('profile.edit')}</a>
        <button type="button" className="button button-ghost" onClick={toggleArchive}>
          {c.archivedAt === null ? t('profile.archive') : t('profile.restore')}
        </button>
        <button type="button" className="button button-ghost" onClick={() => void receipts.show({ kind: 'member_card', customerId: c.id })}>
          {t('receipt.memberCard')}
        </button>
        <span className="muted keys">{t('profile.keys')}</span>
      </div>
      {actionError && <p className="alert" role="alert">{tDynamic(errorKey(actionError))}</p>}
      <PrivacyActions key={c.id} customer={c} />

      <div className="profile-grid">
        <LoyaltyPanel customerId={c.id} customerName={c.displayName} onChanged={bump} />
        <div className="profile-side">
          <CustomerStanding customerId={c.id} version={version} />
          <Section title={t('profile.contact')}>
            <Item label={t('customer.phones')}>
              {c.phones.length ? (
                <ul className="plain-list">{c.phones.map((p) => <li key={p.e164}>{p.raw}</li>)}</ul>
              ) : null}
            </Item>
            <Item label={t('customer.email')}>{c.email || null}</Item>
            <Item label={t('customer.preferredChannel')}>{c.preferredChannel ? tDynamic(`channel.${c.preferredChannel}`) : null}</Item>
            <Item label={t('profile.consent')}>{consent}</Item>
          </Section>
          <Section title={t('profile.personal')}>
            <Item label={t('customer.birthday')}>{c.birthday ? formatBirthday(i18n, c.birthday) : null}</Item>
            <Item label={t('customer.language')}>{tDynamic(`language.${c.language}`)}</Item>
            <Item label={t('customer.address')}>
              {c.address.street || c.address.postalCode || c.address.city ? (
                <>
                  {c.address.street && <>{c.address.street}<br /></>}
                  {[c.address.postalCode, c.address.city].filter(Boolean).join('  ')}
                </>
              ) : null}
            </Item>
            <Item label={t('profile.updatedAt')}>{date(c.updatedAt)}</Item>
          </Section>
        </div>
      </div>
      <div className="profile-grid">
        <Timeline customerId={c.id} onChanged={bump} />
        <div className="profile-side">
          <FollowUps customerId={c.id} onChanged={bump} />
          {brief && <MoreAboutPanel key={JSON.stringify(brief.fields.map((f) => [f.field.id, f.value]))} customerId={c.id} fields={brief.fields} onChanged={bump} />}
        </div>
      </div>
      <HistoryPanel customerId={c.id} version={version} />
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="panel">
      <h2>{title}</h2>
      <dl className="details">{children}</dl>
    </section>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="details-item">
      <dt>{label}</dt>
      <dd>{children ?? <span className="muted">{t('customer.notSet')}</span>}</dd>
    </div>
  );
}
