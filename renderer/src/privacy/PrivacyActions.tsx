import { useEffect, useState } from 'react';
import type { Customer, PrivacyStatus } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { href, section } from '../app/router';
import { useI18n } from '../i18n';
import { useToast } from '../ui/toast';
import { EraseDialog } from './EraseDialog';
import { ScrubProgressBar } from './ScrubProgress';
import { useScrub } from './useScrub';
import './privacy.css';

/**
 * The profile's privacy line: export the customer's data, merge a duplicate into them,
 * erase them. A merged-away profile sends you on to the one it was merged into; an erased
 * one says so (and offers to finish wiping the file if that was interrupted).
 */
export function PrivacyActions({ customer }: { customer: Customer }) {
  const { t, tDynamic, date } = useI18n();
  const notify = useToast();
  const [status, setStatus] = useState<PrivacyStatus | null>(null);
  const [erasing, setErasing] = useState(false);
  const scrub = useScrub();

  useEffect(() => {
    let current = true;
    call('privacy.status', { id: customer.id }).then((r) => {
      if (!current || !r.ok) return;
      // An old link or card of a merged-away customer: go on to the survivor, not back here.
      if (r.value.mergedInto !== null) window.location.replace(href({ name: 'customer', id: r.value.mergedInto }));
      else setStatus(r.value);
    });
    return () => {
      current = false;
    };
  }, [customer.id]);

  if (!status || status.mergedInto !== null) return null;

  if (status.erasedAt !== null) {
    const finish = async () => {
      if (await scrub.run(status.scrubSteps, status.pendingUpTo ?? status.erasedAt!)) {
        setStatus({ ...status, scrubbed: true, pendingScrubs: 0 });
        notify(t('privacy.scrubbed'));
      }
    };
    return (
      <div className="privacy-erased" role="note">
        <p>{t('privacy.erasedBanner', { date: date(status.erasedAt) })}</p>
        {!status.scrubbed && (
          <div className="privacy-unscrubbed">
            <p>{t('privacy.notScrubbed')}</p>
            {scrub.running !== null
              ? <ScrubProgressBar steps={status.scrubSteps} step={scrub.running} />
              : <button type="button" className="button button-ghost" onClick={() => void finish()}>{t('privacy.finishScrub')}</button>}
            {scrub.error && <p className="alert" role="alert">{tDynamic(errorKey(scrub.error))}</p>}
          </div>
        )}
      </div>
    );
  }

  return (
    <section className="privacy-actions" aria-label={t('privacy.actions')}>
      <span className="privacy-actions-label" aria-hidden="true">{t('privacy.actions')}</span>
      <a className="button button-ghost button-small" href={href(section('merge', ['export', String(customer.id)]))}>{t('privacy.export')}</a>
      <a className="button button-ghost button-small" href={href(section('merge', [], { a: String(customer.id) }))}>{t('privacy.merge')}</a>
      <button type="button" className="button button-ghost button-small privacy-danger-ghost" onClick={() => setErasing(true)}>
        {t('privacy.erase')}
      </button>
      {erasing && <EraseDialog customer={customer} onClose={() => setErasing(false)} />}
    </section>
  );
}
