import { createContext, useContext } from 'react';
import type { AppInfo, Settings } from '../../../main/api/contract';

export interface AppState {
  settings: Settings;
  info: AppInfo;
  setSettings(settings: Settings): void;
}

export const AppContext = createContext<AppState | null>(null);

export function useApp(): AppState {
  const state = useContext(AppContext);
  if (!state) throw new Error('useApp outside AppContext');
  return state;
}
