import { outboxMigrations } from '../sync/outbox-schema';
import { protocolMigrations } from '../protocol/schema';
import { recordingMigrations } from '../recording/recording-schema';
import { reviewMigrations } from '../review/review-schema';

// Every domain's schema steps, by domain. Append to a domain's list; never edit a step that
// has shipped. A new domain adds one line here.
export const migrations: Record<string, readonly string[]> = {
  outbox: outboxMigrations,
  protocol: protocolMigrations,
  recording: recordingMigrations,
  review: reviewMigrations,
};
