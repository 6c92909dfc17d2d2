// The backup domain's call names (see main/api/calls.ts): no imports here.
export const BACKUP_CALLS = [
  'backup.overview',
  'backup.start',
  'backup.status',
  'backup.list',
  'backup.setFolder',
  'backup.pickFolder',
  'backup.pickFile',
  'backup.setPassword',
  'backup.check',
  'backup.restore',
  'backup.discard',
] as const;
