import type { HandlerMap } from '../handler-types.js';

export const settingsHandlers = {
  async 'settings.get'({ settings }) {
    return settings.get();
  },
  async 'settings.update'({ settings }, patch) {
    return settings.update(patch);
  },
} satisfies HandlerMap<'settings.get' | 'settings.update'>;
