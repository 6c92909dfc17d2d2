import type { HandlerMap } from '../handler-types.js';

export const appHandlers = {
  async 'app.info'({ app, archive }) {
    return { version: app.version, mode: app.mode, dataDir: app.dataDir, schemaVersion: archive.schemaVersion };
  },
} satisfies HandlerMap<'app.info'>;
