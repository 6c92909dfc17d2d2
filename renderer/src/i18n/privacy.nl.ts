import type { privacyEn } from './privacy.en';

export const privacyNl: Record<keyof typeof privacyEn, string> = {
  'sections.privacy': 'Dubbelen samenvoegen',
};
