import { useEffect, useRef, useState } from 'react';
import type { ApiError, SearchResult } from '../../../main/api/contract';
import { call } from '../api';

export type SearchState =
  | { status: 'idle' }
  | { status: 'short'; query: string }
  | { status: 'loading'; query: string; previous: SearchResult | null }
  | { status: 'done'; query: string; result: SearchResult }
  | { status: 'failed'; query: string; error: ApiError };

type Answer = { query: string; result: SearchResult } | { query: string; error: ApiError };

export function isSearchable(query: string): boolean {
  const text = query.trim();
  if (/^[+\d(][\d\s().\-/]*$/.test(text)) return text.replace(/\D/g, '').length >= 3;
  return text.replace(/[^\p{L}\p{N}@]/gu, '').length >= 2;
}

/**
 * Searches as the shopkeeper types. Answers to older keystrokes are dropped, and
 * `settle()` gives the answer for exactly the current text, for Enter pressed by a
 * scanner faster than the results can render.
 */
export function useSearch(query: string) {
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [lastResult, setLastResult] = useState<SearchResult | null>(null);
  const pending = useRef<{ query: string; promise: Promise<SearchResult | null> } | null>(null);
  const searchable = query.trim() !== '' && isSearchable(query);

  useEffect(() => {
    if (!searchable) return;
    let current = true;
    const promise = call('customers.search', { query }).then((result) => {
      if (current) {
        setAnswer(result.ok ? { query, result: result.value } : { query, error: result.error });
        if (result.ok) setLastResult(result.value);
      }
      return result.ok ? result.value : null;
    });
    pending.current = { query, promise };
    return () => {
      current = false;
    };
  }, [query, searchable]);

  let state: SearchState;
  if (query.trim() === '') state = { status: 'idle' };
  else if (!searchable) state = { status: 'short', query };
  else if (answer?.query === query) {
    state = 'result' in answer ? { status: 'done', query, result: answer.result } : { status: 'failed', query, error: answer.error };
  } else state = { status: 'loading', query, previous: lastResult };

  const settle = (): Promise<SearchResult | null> =>
    searchable && pending.current?.query === query ? pending.current.promise : Promise.resolve(null);

  return { state, settle };
}
