// English strings for the insights pages; insights.nl.ts has the same keys.
export const insightsEn = {
  'sections.insights': 'Pyramid',
};
