import type { ExportedFile } from '../../../main/api/contract';
import { call, errorKey, exportDownloadUrl } from '../api';
import type { I18n } from '../i18n';

// Every export is written by main into the exports folder. What the shop then gets: in web
// mode the file downloads from there; in the desktop app it stays there (the page says where)
// and the save dialog offers a copy wherever the shop wants it.

type Notify = (message: string) => void;

/** In the desktop app: the save dialog (in main) for a copy where the shop wants it. */
export async function saveCopy(name: string, notify: Notify, i18n: I18n): Promise<void> {
  const r = await call('exchange.saveCopy', { name });
  if (!r.ok) notify(i18n.tDynamic(errorKey(r.error), r.error.params));
  else if (r.value.saved) notify(i18n.t('exchange.export.copied'));
}

/** Whether the file downloads (web mode); in the desktop app it stays in the exports folder. */
export const downloads = (file: ExportedFile): boolean => exportDownloadUrl(file.name) !== null;

/** Downloads a fresh export in web mode, or offers a copy of it in the desktop app. */
export async function handOver(file: ExportedFile, notify: Notify, i18n: I18n): Promise<void> {
  const url = exportDownloadUrl(file.name);
  if (!url) return saveCopy(file.name, notify, i18n);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.name;
  link.click();
}
