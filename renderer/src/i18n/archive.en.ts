// English strings for the damaged-archive screen; archive.nl.ts has the same keys.
export const archiveEn = {
  'archive.damaged.title': 'The customer archive is damaged',
  'archive.damaged.lead': 'Counterpart found damage in the archive file when it started. To keep what is in it safe, nothing is written to it any more: no sale, stamp, note or change can be saved until a backup is restored.',
  'archive.damaged.safe': 'Your backups are separate files and are not affected. When you restore, the damaged file is kept as it is among the safety copies.',
  'archive.damaged.lastGood': 'Last good backup: {when} ({relative}).',
  'archive.damaged.since': 'What was sold or written after that is not in it: keep the till receipts of those sales to enter them again.',
  'archive.damaged.restoreIt': 'Start restoring this backup',
  'archive.damaged.none': 'No backup was found in the backup folders. If you keep backups elsewhere (a USB stick, a network drive), choose that file below. Do not delete the damaged file: a specialist may still recover it.',
  'archive.damaged.steps': 'How to restore',
  'archive.damaged.step1': 'Check the backup: Counterpart shows what it holds.',
  'archive.damaged.step2': 'Confirm: the backup takes the damaged archive’s place.',
  'archive.damaged.step3': 'Enter the sales made since the backup again.',
  'archive.damaged.details': 'Technical details for whoever helps you',
  'archive.damaged.folder': 'Data folder: {folder}',
  'archive.damaged.found': 'What the check found:',
} as const;
