import { useCallback, useState } from 'react';
import type { ApiError, ScrubStepName } from '../../../main/api/contract';
import { call } from '../api';

export interface ScrubState {
  /** The step under way, by index into the steps; null when none is. */
  running: number | null;
  error: ApiError | null;
  /** Where to go on from after a failed step. */
  next: number;
}

/**
 * Drives privacy.scrub one step at a time after an erasure, so the shop sees the wiping
 * advance; a failed step (another program reading the archive) can be tried again.
 */
export function useScrub() {
  const [state, setState] = useState<ScrubState>({ running: null, error: null, next: 0 });

  const run = useCallback(async (steps: readonly ScrubStepName[], upTo: number, from = 0): Promise<boolean> => {
    for (let step = from; step < steps.length; step++) {
      setState({ running: step, error: null, next: step });
      const result = await call('privacy.scrub', { step, upTo });
      if (!result.ok) {
        setState({ running: null, error: result.error, next: step });
        return false;
      }
    }
    setState({ running: null, error: null, next: steps.length });
    return true;
  }, []);

  return { ...state, run };
}
