// Which archive a shell opens: the data folder's SQLite file (the default, one till) or the
// shared archive on a PostgreSQL server (several tills of one shop). Every entry point —
// `npm start` (main/electron/main.ts), `npm run web`, `npm run cli`, `npm run seed` — asks
// here, so they can never disagree about where the shop's customers are.
//
// Today the choice comes from the environment alone: COUNTERPART_DATABASE_URL, a
// postgres://user:password@host:5432/database address. Without it nothing changes.
//
// The seam for Settings → Archive: a saved choice `{ kind: 'file' } | { kind: 'server', url
// (without the password), passwordRef }` will be a second argument of archiveChoice, read
// after the environment (which keeps winning, so a script or a test can always point a till
// elsewhere), its password fetched through passwordRef and put into the URL here. The shells
// need not change for it: they only ever see an ArchiveChoice.

export const DATABASE_URL_VARIABLE = 'COUNTERPART_DATABASE_URL';

export type ArchiveChoice =
  | { kind: 'file' }
  /** url holds the password: hand it to openServices / openPostgresArchive only, never to a log. */
  | { kind: 'server'; url: string };

/** The archive the environment chooses. An empty or blank variable counts as unset. */
export function archiveChoice(env: NodeJS.ProcessEnv): ArchiveChoice {
  const url = env[DATABASE_URL_VARIABLE]?.trim();
  if (url) return { kind: 'server', url };
  return { kind: 'file' };
}

/** openServices's `databaseUrl`: the server's address, or undefined for the data folder's file. */
export function databaseUrlOf(choice: ArchiveChoice): string | undefined {
  return choice.kind === 'server' ? choice.url : undefined;
}
