import type { CallName } from '../api/calls.js';

// Shared by the preload and main so the two sides cannot drift apart.
export const API_CHANNEL_PREFIX = 'api:';

export function apiChannel(name: CallName): string {
  return API_CHANNEL_PREFIX + name;
}
