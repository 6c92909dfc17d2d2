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

/** Without a feed (a Deps built by hand), nothing ever changes: the wait is all there is. */
const NO_FEED: ChangeFeed = { since: () => ({ cursor: '', changes: [], missed: false }), subscribe: () => () => {} };

export const changesHandlers = {
  async 'app.changes'({ changes }, { after, waitMs }): Promise<ChangesPage> {
    const feed = changes ?? NO_FEED;
    const now = feed.since(after);
    if (after === null || now.missed || now.changes.length > 0 || waitMs === 0) return now;
    await nextChange(feed, waitMs);
    return feed.since(after);
  },
} satisfies HandlerMap<'app.changes'>;
