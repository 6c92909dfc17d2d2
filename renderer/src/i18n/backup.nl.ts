import type { backupEn } from './backup.en';

export const backupNl: Record<keyof typeof backupEn, string> = {
  'sections.backup': 'Back-ups',
};
