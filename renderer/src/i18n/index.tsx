import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { AppLanguage } from '../../../main/api/contract';
import { en, type MessageKey } from './en';
import { nl } from './nl';

const dictionaries: Record<AppLanguage, Record<MessageKey, string>> = { en, nl };
const locales: Record<AppLanguage, string> = { nl: 'nl-NL', en: 'en-GB' };

export type Params = Record<string, string | number>;

export interface I18n {
  language: AppLanguage;
  locale: string;
  t(key: MessageKey, params?: Params): string;
  /** For keys built from data (error codes, enum values); falls back to the key itself. */
  tDynamic(key: string, params?: Params): string;
  date(ms: number): string;
  dateTime(ms: number): string;
  relative(ms: number, now?: number): string;
}

export function createI18n(language: AppLanguage): I18n {
  const dict = dictionaries[language];
  const locale = locales[language];
  const fill = (text: string, params?: Params) =>
    params ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`)) : text;
  const dateFmt = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric' });
  const dateTimeFmt = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
  const rel = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  return {
    language,
    locale,
    t: (key, params) => fill(dict[key], params),
    tDynamic: (key, params) => fill((dict as Record<string, string>)[key] ?? key, params),
    date: (ms) => dateFmt.format(ms),
    dateTime: (ms) => dateTimeFmt.format(ms),
    relative(ms, now = Date.now()) {
      const days = Math.round((startOfDay(ms) - startOfDay(now)) / 86_400_000);
      if (days === 0) return dict['time.today'];
      if (Math.abs(days) < 31) return rel.format(days, 'day');
      if (Math.abs(days) < 365) return rel.format(Math.round(days / 30), 'month');
      return rel.format(Math.round(days / 365), 'year');
    },
  };
}

function startOfDay(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

const I18nContext = createContext<I18n>(createI18n('nl'));

export function I18nProvider({ language, children }: { language: AppLanguage; children: ReactNode }) {
  const value = useMemo(() => createI18n(language), [language]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export const useI18n = () => useContext(I18nContext);
