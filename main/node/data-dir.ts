import os from 'node:os';
import path from 'node:path';

export const ARCHIVE_FILE = 'counterpart.sqlite';
export const APP_NAME = 'Counterpart';

/** Where Electron's app.getPath('userData') points, so web mode finds the same archive. */
export function electronLikeUserData(platform = process.platform, env = process.env, home = os.homedir()): string {
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
}

export function resolveDataDir(env: NodeJS.ProcessEnv, fallback: () => string): string {
  const chosen = env.COUNTERPART_DATA_DIR?.trim();
  return path.resolve(chosen ? chosen : fallback());
}
