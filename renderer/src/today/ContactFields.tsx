import type { Channel } from '../../../main/api/contract';
import { useI18n } from '../i18n';
import { Field } from '../ui/Field';
import { CHANNEL_CHOICES, channelName } from './format';

export interface ContactDraft {
  channel: Channel | '';
  text: string;
}

export const EMPTY_CONTACT: ContactDraft = { channel: '', text: '' };

/** How the customer was reached and what was said: both optional. */
export function ContactFields({ draft, onChange, autoFocus }: { draft: ContactDraft; onChange(draft: ContactDraft): void; autoFocus?: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <>
      <Field label={t('contactMark.channel')} className="contact-channel">
        {(a11y) => (
          <select {...a11y} autoFocus={autoFocus} value={draft.channel} onChange={(e) => onChange({ ...draft, channel: e.target.value as Channel | '' })}>
            <option value="">{t('contactMark.channelUnknown')}</option>
            {CHANNEL_CHOICES.map((c) => <option key={c} value={c}>{channelName(i18n, c)}</option>)}
          </select>
        )}
      </Field>
      <Field label={t('contactMark.text')} className="contact-text">
        {(a11y) => <input {...a11y} value={draft.text} maxLength={500} onChange={(e) => onChange({ ...draft, text: e.target.value })} />}
      </Field>
    </>
  );
}
