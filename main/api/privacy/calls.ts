// The privacy domain's call names (see main/api/calls.ts): no imports here.
export const PRIVACY_CALLS = [
  'privacy.status',
  'privacy.export',
  'privacy.exportPage',
  'privacy.savePdf',
  'privacy.erase',
  'privacy.deleteExports',
  'privacy.scrub',
  'privacy.mergePreview',
  'privacy.merge',
] as const;
