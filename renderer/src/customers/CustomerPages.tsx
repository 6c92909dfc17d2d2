import { useEffect, useState } from 'react';
import type { ApiError, Customer } from '../../../main/api/contract';
import { ApiFailure, errorKey, request } from '../api';
import { useI18n } from '../i18n';
import { useToast } from '../ui/toast';
import { navigate } from '../app/router';
import { useApp } from '../app/AppContext';
import { CustomerForm } from './CustomerForm';
import { useReceipts } from '../receipts/ReceiptsContext';
import { fromCustomer, prefillFromQuery, type FormState } from './form-state';

const DRAFT_KEY = 'counterpart.newCustomerDraft';

// What was typed for a new customer survives a detour (to a likely duplicate, say):
// the draft lives in this tab until it is saved or cancelled.
function readDraft(query: string): FormState | null {
  try {
    const draft = JSON.parse(sessionStorage.getItem(DRAFT_KEY) ?? 'null') as { query: string; form: FormState } | null;
    return draft && draft.query === query ? draft.form : null;
  } catch {
    return null;
  }
}

export function NewCustomerPage({ query, card }: { query: string; card: boolean }) {
  const { t } = useI18n();
  const { settings } = useApp();
  const notify = useToast();
  const receipts = useReceipts();
  const [initial] = useState(() => readDraft(query) ?? prefillFromQuery(query, settings.language, card));

  const done = (customer: Customer | null) => {
    sessionStorage.removeItem(DRAFT_KEY);
    if (customer) {
      notify(t('form.saved'), { followsTo: 'nextPage' });
      navigate({ name: 'customer', id: customer.id });
      // A new member gets their card slip at once, when the shop prints.
      void receipts.show({ kind: 'member_card', customerId: customer.id }, { autoPrint: true });
    } else {
      navigate({ name: 'home' });
    }
  };

  return (
    <CustomerForm
      title={t('form.newTitle')}
      initial={initial}
      customerId={null}
      onSaved={done}
      onCancel={() => done(null)}
      onChange={(form) => sessionStorage.setItem(DRAFT_KEY, JSON.stringify({ query, form }))}
    />
  );
}

export function EditCustomerPage({ id }: { id: number }) {
  const { t, tDynamic } = useI18n();
  const notify = useToast();
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    request('customers.get', { id }).then(setCustomer, (e: unknown) =>
      setError(e instanceof ApiFailure ? e.error : { code: 'internal', message: '' }),
    );
  }, [id]);

  if (error) return <div className="page"><p className="alert" role="alert">{tDynamic(errorKey(error))}</p></div>;
  if (!customer) return <div className="page" aria-busy="true" />;
  return (
    <CustomerForm
      title={t('form.editTitle', { name: customer.displayName })}
      initial={fromCustomer(customer)}
      customerId={id}
      onSaved={(saved) => {
        notify(t('form.saved'), { followsTo: 'nextPage' });
        navigate({ name: 'customer', id: saved.id });
      }}
      onCancel={() => navigate({ name: 'customer', id })}
    />
  );
}
