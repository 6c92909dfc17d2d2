import { ZodError } from 'zod';
import { ArchiveRefusedError } from '../../db/open.js';
import { archiveFailure, archiveRefusal } from './archive-errors.js';
import { isCallName, type CallName } from './calls.js';
import { contract } from './contract.js';
import { AppError, FIELD_ERROR_CODES, type ApiError, type FieldErrorCode, type FieldIssue, type Result } from './errors.js';
import type { Deps } from './deps.js';
import type { HandlerMap } from './handler-types.js';
import { handlers as allHandlers } from './handlers.js';

// The single entry point both transports call: validate at the boundary, run the
// handler, and turn every failure into a result with a stable code. No stack trace
// ever reaches the renderer.

export interface Api {
  call(name: unknown, input: unknown): Promise<Result<unknown>>;
}

export type Logger = (message: string, error: unknown) => void;

const defaultLogger: Logger = (message, error) => console.error(message, error);

function fieldCode(message: string): FieldErrorCode {
  return (FIELD_ERROR_CODES as readonly string[]).includes(message) ? (message as FieldErrorCode) : 'invalid';
}

export function validationError(error: ZodError): ApiError {
  const fields: Record<string, FieldIssue> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    if (fields[key]) continue;
    const params: Record<string, number> = {};
    if (issue.code === 'too_big' && typeof issue.maximum === 'number') params.max = issue.maximum;
    fields[key] = { code: fieldCode(issue.message), ...(Object.keys(params).length ? { params } : {}) };
  }
  return { code: 'validation', message: 'Some fields need attention', fields };
}

export function toApiError(error: unknown, log: Logger, name: string): ApiError {
  if (error instanceof AppError) return error.toApiError();
  if (error instanceof ZodError) return validationError(error);
  if (error instanceof ArchiveRefusedError) return { code: error.code, message: error.message };
  const failure = archiveFailure(error);
  if (failure) return failure;
  // A trigger that refuses a change names the reason by its error code, e.g.
  // RAISE(ABORT, 'customer_erased') in migration 006: the archive's own words, translated.
  const refusal = archiveRefusal(error);
  if (refusal) return { code: refusal, message: 'The archive refused the change' };
  log(`call ${name} failed`, error);
  return { code: 'internal', message: 'Something went wrong; nothing was changed' };
}

export function createApi(deps: Deps, options: { handlers?: HandlerMap; log?: Logger } = {}): Api {
  const handlers = options.handlers ?? allHandlers;
  const log = options.log ?? defaultLogger;
  return {
    async call(name, input) {
      if (!isCallName(name)) {
        return { ok: false, error: { code: 'unknown_call', message: `Unknown call ${String(name)}` } };
      }
      const parsed = contract[name].input.safeParse(input ?? {});
      if (!parsed.success) return { ok: false, error: validationError(parsed.error) };
      try {
        const handler = handlers[name] as (deps: Deps, input: unknown) => Promise<unknown>;
        return { ok: true, value: await handler(deps, parsed.data) };
      } catch (error) {
        return { ok: false, error: toApiError(error, log, name as CallName) };
      }
    },
  };
}
