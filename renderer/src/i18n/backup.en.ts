// English strings for the backup pages; backup.nl.ts has the same keys.
export const backupEn = {
  'sections.backup': 'Backups',
};
