// Settings → Archive's call names (see main/api/calls.ts): no imports here.
export const ARCHIVE_CALLS = [
  'archive.info',
  'archive.testServer',
  'archive.useServer',
  'archive.useFile',
  'archive.moveToServer',
  'archive.moveStatus',
  'archive.restart',
] as const;
