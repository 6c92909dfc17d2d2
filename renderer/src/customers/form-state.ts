import type { Channel, Customer, CustomerInput, CustomerLanguage } from '../../../main/api/contract';

/** What the form edits: strings as typed, converted to the contract's input on save. */
export interface FormState {
  givenName: string;
  namePrefix: string;
  familyName: string;
  salutation: string;
  phones: string[];
  email: string;
  street: string;
  postalCode: string;
  city: string;
  birthdayDay: string;
  birthdayMonth: string;
  birthdayYear: string;
  preferredChannel: Channel | '';
  language: CustomerLanguage;
  marketingConsent: boolean;
  cardNumber: string;
}

export function emptyForm(language: CustomerLanguage): FormState {
  return {
    givenName: '', namePrefix: '', familyName: '', salutation: '', phones: [''], email: '',
    street: '', postalCode: '', city: '', birthdayDay: '', birthdayMonth: '', birthdayYear: '',
    preferredChannel: '', language, marketingConsent: false, cardNumber: '',
  };
}

const PREFIX_WORDS = new Set(['van', 'de', 'der', 'den', 'het', 'ter', 'ten', 'te', "'t", 'in', 'op', 'la', 'le', 'du', 'da', 'di', 'dos', 'el', 'von', 'zu', 'vande', 'vander']);

/** "New customer" from what was typed in the search box: a phone, an e-mail or a name. */
/** `card`: the search read the query as a scanned card number (a valid EAN-13), not a phone. */
export function prefillFromQuery(query: string, language: CustomerLanguage, card = false): FormState {
  const form = emptyForm(language);
  const text = query.trim();
  if (text === '') return form;
  if (card) return { ...form, cardNumber: text };
  if (/^[+\d(][\d\s().\-/]*$/.test(text)) return { ...form, phones: [text] };
  if (text.includes('@')) return { ...form, email: text };
  const words = text.split(/\s+/);
  const given = words.shift() ?? '';
  const prefix: string[] = [];
  while (words.length > 1 && PREFIX_WORDS.has(words[0]!.toLowerCase())) prefix.push(words.shift()!.toLowerCase());
  return { ...form, givenName: capitalise(given), namePrefix: prefix.join(' '), familyName: words.map(capitalise).join(' ') };
}

function capitalise(word: string): string {
  return word === '' ? word : word[0]!.toLocaleUpperCase() + word.slice(1);
}

export function fromCustomer(c: Customer): FormState {
  return {
    givenName: c.givenName,
    namePrefix: c.namePrefix,
    familyName: c.familyName,
    salutation: c.salutation,
    phones: c.phones.length ? c.phones.map((p) => p.raw) : [''],
    email: c.email,
    street: c.address.street,
    postalCode: c.address.postalCode,
    city: c.address.city,
    birthdayDay: c.birthday ? String(c.birthday.day) : '',
    birthdayMonth: c.birthday ? String(c.birthday.month) : '',
    birthdayYear: c.birthday?.year ? String(c.birthday.year) : '',
    preferredChannel: c.preferredChannel ?? '',
    language: c.language,
    marketingConsent: c.marketingConsent,
    cardNumber: c.cardNumber,
  };
}

const asNumber = (text: string): number => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN);

export function toInput(form: FormState): CustomerInput {
  const hasBirthday = [form.birthdayDay, form.birthdayMonth, form.birthdayYear].some((v) => v.trim() !== '');
  return {
    givenName: form.givenName,
    namePrefix: form.namePrefix,
    familyName: form.familyName,
    salutation: form.salutation,
    phones: form.phones.filter((p) => p.trim() !== ''),
    email: form.email,
    address: { street: form.street, postalCode: form.postalCode, city: form.city },
    // NaN travels as null and comes back as "this date does not exist" at the field.
    birthday: hasBirthday
      ? { day: asNumber(form.birthdayDay), month: asNumber(form.birthdayMonth), year: form.birthdayYear.trim() === '' ? null : asNumber(form.birthdayYear) }
      : null,
    preferredChannel: form.preferredChannel === '' ? null : form.preferredChannel,
    language: form.language,
    marketingConsent: form.marketingConsent,
    cardNumber: form.cardNumber,
  };
}
