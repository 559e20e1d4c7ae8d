import { afterEach } from 'vitest';

/** What a test opens through the returned function (a core, a database) is closed after that test, in the order opened, pass or fail. */
export function closedAfterEach(): <T extends { close(): unknown }>(opened: T) => T {
  const open: Array<{ close(): unknown }> = [];
  afterEach(async () => {
    for (const o of open.splice(0)) await o.close();
  });
  return (opened) => {
    open.push(opened);
    return opened;
  };
}
