import type { insightsEn } from './insights.en';

export const insightsNl: Record<keyof typeof insightsEn, string> = {
  'sections.insights': 'Piramide',
};
