import type { Archive } from '../../../db/archive.js';
import { AppError, type ApiError } from '../errors.js';
import { archiveFailure } from '../archive-errors.js';
import type { Deps } from '../deps.js';
import type { ParsedCsv } from '../../core/csv/parse.js';
import type { ExchangeJob, ExchangeJobPhase } from './types.js';
import type { Checked, Validated } from './plan.js';

// What the exchange keeps in main between calls, per open archive: uploaded files (parsed
// once, so the text crosses from the renderer once, then preview, dry run and import read
// them by id) and running jobs (import, export) that the page polls for progress.

export interface Upload {
  id: string;
  name: string;
  csv: ParsedCsv;
  /** The last validation, reused by the import when mapping and date order are unchanged. */
  validated?: { key: string; result: Validated };
  /** The last dry run's look at the archive, reused by the import while the archive is unchanged. */
  checked?: { validated: Validated; archiveState: string; result: Checked };
}

interface Job {
  status: ExchangeJob;
  promise: Promise<void>;
}

interface ExchangeState {
  uploads: Map<string, Upload>;
  jobs: Map<string, Job>;
}

/** Parsed files are kept for a while after their use; a few at most, they can be large. */
const MAX_UPLOADS = 3;
const MAX_FINISHED_JOBS = 20;

const states = new WeakMap<Archive, ExchangeState>();

function stateOf(deps: Deps): ExchangeState {
  let state = states.get(deps.archive);
  if (!state) {
    state = { uploads: new Map(), jobs: new Map() };
    states.set(deps.archive, state);
  }
  return state;
}

const newId = (deps: Deps, prefix: string) => `${prefix}${deps.random().toString(36)}${deps.random().toString(36)}`;

export function keepUpload(deps: Deps, name: string, csv: ParsedCsv): Upload {
  const { uploads } = stateOf(deps);
  const upload: Upload = { id: newId(deps, 'u'), name, csv };
  uploads.set(upload.id, upload);
  for (const id of uploads.keys()) if (uploads.size > MAX_UPLOADS) uploads.delete(id);
  return upload;
}

export function getUpload(deps: Deps, id: string): Upload {
  const upload = stateOf(deps).uploads.get(id);
  if (!upload) throw new AppError('upload_expired', 'The file is no longer held; choose it again');
  return upload;
}

export function dropUpload(deps: Deps, id: string): void {
  stateOf(deps).uploads.delete(id);
}

export interface JobControl {
  setPhase(phase: ExchangeJobPhase, total: number): void;
  progress(done: number): void;
}

/**
 * Starts a job unless one is running: an import holds a write transaction across its
 * chunks, and an export must not read what an unfinished import has written.
 */
type ResultOf<K extends ExchangeJob['kind']> = NonNullable<Extract<ExchangeJob, { kind: K }>['result']>;

export function startJob<K extends ExchangeJob['kind']>(
  deps: Deps,
  kind: K,
  run: (control: JobControl) => Promise<ResultOf<K>>,
  log: (error: unknown) => void,
): ExchangeJob {
  const { jobs } = stateOf(deps);
  for (const job of jobs.values()) {
    if (job.status.state === 'running') throw new AppError('exchange_busy', 'An import or export is already running');
  }
  const status = { id: newId(deps, 'j'), kind, state: 'running', phase: kind === 'export' ? 'exporting' : 'checking', done: 0, total: 0, error: null, result: null } as ExchangeJob;
  const control: JobControl = {
    setPhase(phase, total) {
      Object.assign(status, { phase, total, done: 0 });
    },
    progress(done) {
      status.done = done;
    },
  };
  const promise = run(control).then(
    (result) => {
      Object.assign(status, { state: 'done', result, done: status.total });
    },
    (error: unknown) => {
      let apiError: ApiError | null = error instanceof AppError ? error.toApiError() : archiveFailure(error);
      if (!apiError) {
        log(error);
        apiError = { code: 'internal', message: 'Something went wrong; nothing was changed' };
      }
      Object.assign(status, { state: 'failed', error: apiError });
    },
  );
  jobs.set(status.id, { status, promise });
  const finished = [...jobs.values()].filter((j) => j.status.state !== 'running');
  for (const job of finished.slice(0, Math.max(0, finished.length - MAX_FINISHED_JOBS))) jobs.delete(job.status.id);
  return { ...status };
}

export function jobStatus(deps: Deps, id: string): ExchangeJob {
  const job = stateOf(deps).jobs.get(id);
  if (!job) throw new AppError('not_found', 'No such job');
  return { ...job.status };
}

/** Settles when the job has finished, either way (the CLI and tests wait on it). */
export async function jobDone(deps: Deps, id: string): Promise<ExchangeJob> {
  const job = stateOf(deps).jobs.get(id);
  if (!job) throw new AppError('not_found', 'No such job');
  await job.promise;
  return { ...job.status };
}
