// English strings for the privacy pages; privacy.nl.ts has the same keys.
export const privacyEn = {
  'sections.privacy': 'Merge duplicates',
};
