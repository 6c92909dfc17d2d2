import type { HandlerMap } from '../handler-types.js';

export const appHandlers = {
  async 'app.info'({ app, archive, archiveHealth }) {
    const health = archiveHealth?.() ?? { state: 'sound', problems: [] };
    return { version: app.version, mode: app.mode, dataDir: app.dataDir, schemaVersion: archive.schemaVersion, archive: health };
  },
} satisfies HandlerMap<'app.info'>;
