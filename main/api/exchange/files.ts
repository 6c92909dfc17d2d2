// Where exports are written: a folder main controls (`<data folder>/exports` in the app, the
// folder given to `npm run cli -- export --to DIR`). Handlers only name files; the folder
// (main/node/exchange/folder.ts) writes them, so the renderer never names a path.

export interface ExportFile {
  write(chunk: Uint8Array): Promise<void>;
  /** Closes the file and gives it its name (until then it is hidden); returns its size. */
  finish(): Promise<number>;
  /** Closes and removes it: a failed export leaves nothing half-written behind. */
  discard(): Promise<void>;
}

export interface ExportFolder {
  /** The folder's absolute path, shown to the shop. */
  readonly path: string;
  /** A new file named `name`, or `name` with `-2`, `-3`… before the extension when taken. */
  create(name: string): Promise<{ name: string; file: ExportFile }>;
  /** The finished export named `name`, or null: never a path outside the folder. */
  pathOf(name: string): string | null;
  /** The finished exports' names (never a part file). */
  list(): Promise<string[]>;
  /** The bytes of the finished export `name`, or null. */
  read(name: string): Promise<Uint8Array | null>;
  /** Deletes the finished export `name`; false when there is none. */
  remove(name: string): Promise<boolean>;
  /** Removes partial files a crash left (untouched for a minute); returns how many. */
  sweepPartials(): number;
}

/**
 * The desktop app's save dialog (main/electron/export-save.ts): asks where a copy of an
 * export should go, and puts it there. False when the shop cancels. Absent in web mode (the
 * browser downloads instead) and in the CLI.
 */
export interface ExportSaver {
  saveCopy(file: string, suggestedName: string): Promise<boolean>;
}
