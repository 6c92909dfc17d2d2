import type { HandlerMap } from '../handler-types.js';
import type { ChangeFeed, ChangesPage } from './types.js';

/** Waits until the feed has news or `ms` have passed, whichever is first. */
function nextChange(feed: ChangeFeed, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const timer = setTimeout(done, ms);
    const unsubscribe = feed.subscribe(done);
  });
}

/** A first call waits this long at most for the feed to listen (the server may be away). */
const LISTEN_WAIT_MS = 3000;

/** Settles when `promise` does or after `ms`, whichever is first. */
function within(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]).finally(() => clearTimeout(timer));
}

/** Without a feed (a Deps built by hand), nothing ever changes: the wait is all there is. */
const NO_FEED: ChangeFeed = { since: () => ({ cursor: '', changes: [], missed: false }), subscribe: () => () => {} };

export const changesHandlers = {
  async 'app.changes'({ changes }, { after, waitMs }): Promise<ChangesPage> {
    const feed = changes ?? NO_FEED;
    // A first cursor handed out before the server listens could miss what comes meanwhile
    // (the feed would then say missed once it listens): wait a moment for it.
    if (after === null && feed.listening) await within(feed.listening(), Math.min(waitMs, LISTEN_WAIT_MS));
    const now = feed.since(after);
    if (after === null || now.missed || now.changes.length > 0 || waitMs === 0) return now;
    await nextChange(feed, waitMs);
    return feed.since(after);
  },
} satisfies HandlerMap<'app.changes'>;
