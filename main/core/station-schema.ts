import { outboxMigrations } from '../sync/outbox-schema';
import { protocolMigrations } from '../protocol/schema';
import { evidenceMigrations } from '../evidence/evidence-schema';
import { sealMigrations } from '../evidence/seals-schema';
import { reviewMigrations } from '../review/review-schema';
import { peopleMigrations } from '../people/people-schema';
import { auditMigrations } from '../audit/audit-schema';

import { openDatabase, type Db, type Migrations, type OpenOptions } from '../db/database';

// Every domain's schema steps, by domain. Append to a domain's list; never edit a step that
// has shipped. A new domain adds one line here.
export const stationMigrations: Migrations = {
  outbox: outboxMigrations,
  protocol: protocolMigrations,
  // The evidence store's tables keep the domain name they shipped under: databases in the field have them as 'recording'.
  recording: evidenceMigrations,
  review: reviewMigrations,
  seals: sealMigrations,
  people: peopleMigrations,
  audit: auditMigrations,
};

/** The station's database with every domain's schema applied. */
export function openStationDatabase(dataDir: string, opts: OpenOptions = {}): Db {
  return openDatabase(dataDir, stationMigrations, opts);
}
