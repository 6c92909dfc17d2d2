import type { Deps } from '../deps.js';
import type { Settings } from './schema.js';
import { AppError, fieldError } from '../errors.js';
import type { HandlerMap } from '../handler-types.js';
import { printingOf } from '../receipts/jobs.js';

/**
 * The settings as the renderer sees them: the archive's sealed password stays in main (it is
 * no password, but nothing outside main has any use for it either).
 */
function shown(settings: Settings): Settings {
  return settings.archive.kind === 'server' ? { ...settings, archive: { ...settings.archive, sealedPassword: '' } } : settings;
}

const DEVICE_FIELD = 'printer.connection.path';

/**
 * A device printer's path is written to byte for byte, so only a device may be one
 * (issue 12). Checked when it changes: a saved printer that is unplugged for now must not
 * stop the shop from changing its other settings; sending checks again anyway.
 */
async function checkDevice(deps: Deps, patch: Parameters<Deps['settings']['update']>[0]): Promise<void> {
  const connection = patch.printer?.connection;
  if (connection?.kind !== 'device') return;
  const saved = deps.settings.get().printer.connection;
  if (saved.kind === 'device' && saved.path === connection.path) return;
  const problem = await printingOf(deps).checkDevice(connection.path, deps.app.dataDir);
  if (problem) throw fieldError(DEVICE_FIELD, problem);
}

export const settingsHandlers = {
  async 'settings.get'({ settings }) {
    return shown(settings.get());
  },
  async 'settings.update'(deps, patch) {
    await checkDevice(deps, patch);
    return shown(deps.settings.update(patch));
  },
  /** Main's dialog names the path, so the renderer never does; it still has to be a device. */
  async 'settings.pickPrinterDevice'(deps) {
    if (!deps.dialogs?.pickPrinterDevice) throw new AppError('backup_dialog_unavailable', 'Device dialogs only work in the desktop app');
    const picked = await deps.dialogs.pickPrinterDevice();
    if (!picked) return null;
    const printing = printingOf(deps);
    printing.trustDevice(picked);
    const problem = await printing.checkDevice(picked, deps.app.dataDir);
    if (problem) throw fieldError(DEVICE_FIELD, problem);
    return { path: picked };
  },
} satisfies HandlerMap<'settings.get' | 'settings.update' | 'settings.pickPrinterDevice'>;
