// The insights domain's call names (see main/api/calls.ts): no imports here.
export const INSIGHTS_CALLS = [
  'insights.pyramid',
  'insights.layer',
  'insights.export',
  'insights.movement',
  'insights.movers',
  'insights.overdue',
  'insights.standing',
  'insights.settings',
  'insights.saveSettings',
] as const;
