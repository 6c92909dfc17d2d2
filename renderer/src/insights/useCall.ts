import { useEffect, useState } from 'react';
import type { ApiError, CallInput, CallName, CallOutput } from '../../../main/api/contract';
import { call } from '../api';

export interface Loaded<T> {
  /** The latest answer (kept on screen while the next one is on its way). */
  value: T | null;
  error: ApiError | null;
  loading: boolean;
}

interface Answer<T> {
  /** Which question it answers. */
  asked: string;
  value: T | null;
  error: ApiError | null;
}

/** Calls once per change of `input` (compared as JSON) or `version`; an answer to an older input is dropped. */
export function useCall<N extends CallName>(name: N, input: CallInput<N>, version = 0): Loaded<CallOutput<N>> {
  const key = JSON.stringify(input);
  const asked = `${name}:${key}:${version}`;
  const [answer, setAnswer] = useState<Answer<CallOutput<N>>>({ asked: '', value: null, error: null });
  useEffect(() => {
    let live = true;
    call(name, JSON.parse(key) as CallInput<N>).then((r) => {
      if (!live) return;
      setAnswer((before) => (r.ok ? { asked, value: r.value, error: null } : { asked, value: before.value, error: r.error }));
    });
    return () => {
      live = false;
    };
  }, [name, key, asked]);
  return { value: answer.value, error: answer.error, loading: answer.asked !== asked };
}
