import type { DirectoryUser } from '../../common/sync-api';
import type { PeopleStore } from '../people/people-store';
import type { EventBus } from '../runtime/event-bus';
import type { Logger } from '../log/logger';

/**
 * Central's user directory (cached by sync, so it is there offline) keeps the station's people
 * of the court current: at start, and whenever a feed brings changed users.
 */
export function followDirectory(o: { events: EventBus; people: PeopleStore; directory: () => DirectoryUser[]; log: Logger }): () => void {
  const merge = () => {
    try {
      const n = o.people.mergeDirectory(o.directory());
      if (n) o.log.info({ changed: n }, "people updated from central's directory");
    } catch (e) {
      o.log.error({ err: e }, "central's directory could not be merged into the people");
    }
  };
  merge();
  return o.events.on('sync.feeds', (f) => {
    if (f.directory > 0) merge();
  });
}
