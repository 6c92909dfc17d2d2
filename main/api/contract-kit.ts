import { z } from 'zod';
import { lineText } from './text-schema.js';

// The pieces every contract fragment is written with (main/api/contract.ts and the
// per-domain main/api/<domain>/contract.ts files it spreads).

export interface CallDef<I extends z.ZodType, O> {
  input: I;
  /** Never read at run time: carries the output type. */
  output?: O;
}

export const call = <O>() => <I extends z.ZodType>(input: I): CallDef<I, O> => ({ input });

export const id = z.number({ error: 'invalid' }).int({ error: 'invalid' }).positive({ error: 'invalid' });
export const none = z.object({}).strict();
export const text200 = lineText(200).default('');
