// The protocol store's schema (domain 'protocol' in main/db/migrations.ts).
//
// Evidence rules are enforced by the database itself, not only by the code above it:
// - entries and entry_revisions are append-only (UPDATE and DELETE abort); an edit or a
//   deletion is a new revision, numbered 1, 2, 3… without gaps;
// - once a hearing has a signature, a new entry or revision must be flagged addendum;
// - the audit log (protocol_audit) and the signature records are append-only;
// - hearings, participants and exhibits are never deleted.
// entry_fts indexes the current text and speaker of every entry (contentless from step 4, with
// entry_terms, its dictionary; from step 9 written after the commit from the queue a trigger on
// revisions fills); participant_fts indexes roster names (external content, kept by triggers).

const appendOnly = (table: string) => `
  CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
  BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END;
  CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
  BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END;`;

const neverDeleted = (table: string) => `
  CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
  BEGIN SELECT RAISE(ABORT, '${table} rows are never deleted'); END;`;

export const protocolMigrations: readonly string[] = [
  `
  CREATE TABLE hearings (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    case_number TEXT NOT NULL,
    category TEXT NOT NULL DEFAULT 'other',
    court TEXT NOT NULL DEFAULT '',
    courtroom TEXT NOT NULL DEFAULT '',
    judge TEXT NOT NULL DEFAULT '',
    secretary TEXT NOT NULL DEFAULT '',
    scheduled_start TEXT,
    scheduled_end TEXT,
    actual_start TEXT,
    actual_end TEXT,
    status TEXT NOT NULL DEFAULT 'scheduled'
      CHECK (status IN ('scheduled', 'in_progress', 'recess', 'deliberation', 'closed')),
    source TEXT NOT NULL CHECK (source IN ('schedule', 'adhoc')),
    external_id TEXT UNIQUE,
    signed_at TEXT,
    signed_by TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX hearings_scheduled ON hearings (scheduled_start);
  CREATE INDEX hearings_actual ON hearings (actual_start);
  CREATE INDEX hearings_case ON hearings (case_number);
  ${neverDeleted('hearings')}

  CREATE TABLE participants (
    id INTEGER PRIMARY KEY,
    hearing_id INTEGER NOT NULL REFERENCES hearings (id),
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    attendance TEXT NOT NULL DEFAULT 'unknown' CHECK (attendance IN ('unknown', 'present', 'absent', 'remote')),
    note TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX participants_hearing ON participants (hearing_id, position);
  ${neverDeleted('participants')}

  CREATE TABLE exhibits (
    id INTEGER PRIMARY KEY,
    hearing_id INTEGER NOT NULL REFERENCES hearings (id),
    number TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('offered', 'admitted', 'excluded')),
    offered_by TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (hearing_id, number)
  );
  ${neverDeleted('exhibits')}

  CREATE TABLE entries (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    hearing_id INTEGER NOT NULL REFERENCES hearings (id),
    kind TEXT NOT NULL,
    started_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    recording_ms INTEGER CHECK (recording_ms IS NULL OR recording_ms >= 0),
    recording_session TEXT,
    author TEXT NOT NULL,
    addendum INTEGER NOT NULL DEFAULT 0 CHECK (addendum IN (0, 1)),
    exhibit_id INTEGER REFERENCES exhibits (id)
  );
  CREATE INDEX entries_hearing ON entries (hearing_id, started_at);
  CREATE INDEX entries_started ON entries (started_at);
  ${appendOnly('entries')}
  CREATE TRIGGER entries_locked BEFORE INSERT ON entries
  WHEN NEW.addendum = 0 AND (SELECT signed_at FROM hearings WHERE id = NEW.hearing_id) IS NOT NULL
  BEGIN SELECT RAISE(ABORT, 'protocol is signed: only addenda may be added'); END;

  CREATE TABLE entry_revisions (
    entry_id INTEGER NOT NULL REFERENCES entries (id),
    rev INTEGER NOT NULL CHECK (rev >= 1),
    text TEXT NOT NULL,
    speaker TEXT,
    speaker_id INTEGER REFERENCES participants (id),
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    reason TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL,
    created_at TEXT NOT NULL,
    addendum INTEGER NOT NULL DEFAULT 0 CHECK (addendum IN (0, 1)),
    PRIMARY KEY (entry_id, rev)
  ) WITHOUT ROWID;
  ${appendOnly('entry_revisions')}
  CREATE TRIGGER entry_revisions_sequence BEFORE INSERT ON entry_revisions
  WHEN NEW.rev <> coalesce((SELECT max(rev) FROM entry_revisions WHERE entry_id = NEW.entry_id), 0) + 1
  BEGIN SELECT RAISE(ABORT, 'revision numbers must follow each other'); END;
  CREATE TRIGGER entry_revisions_locked BEFORE INSERT ON entry_revisions
  WHEN NEW.addendum = 0 AND NEW.rev > 1 AND (SELECT h.signed_at FROM entries e JOIN hearings h ON h.id = e.hearing_id WHERE e.id = NEW.entry_id) IS NOT NULL
  BEGIN SELECT RAISE(ABORT, 'protocol is signed: only addenda may be added'); END;

  CREATE VIRTUAL TABLE entry_fts USING fts5 (text, speaker, tokenize = 'unicode61 remove_diacritics 2');
  CREATE TRIGGER entry_revisions_fts AFTER INSERT ON entry_revisions
  BEGIN
    DELETE FROM entry_fts WHERE rowid = NEW.entry_id;
    INSERT INTO entry_fts (rowid, text, speaker) VALUES (NEW.entry_id, NEW.text, coalesce(NEW.speaker, ''));
  END;

  CREATE VIRTUAL TABLE participant_fts USING fts5 (name, content = 'participants', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');
  CREATE TRIGGER participants_fts_insert AFTER INSERT ON participants
  BEGIN INSERT INTO participant_fts (rowid, name) VALUES (NEW.id, NEW.name); END;
  CREATE TRIGGER participants_fts_update AFTER UPDATE OF name ON participants
  BEGIN
    INSERT INTO participant_fts (participant_fts, rowid, name) VALUES ('delete', OLD.id, OLD.name);
    INSERT INTO participant_fts (rowid, name) VALUES (NEW.id, NEW.name);
  END;

  CREATE TABLE protocol_signatures (
    id INTEGER PRIMARY KEY,
    hearing_id INTEGER NOT NULL REFERENCES hearings (id),
    signed_at TEXT NOT NULL,
    signer TEXT NOT NULL,
    issuer TEXT NOT NULL,
    serial TEXT NOT NULL,
    cert_sha256 TEXT NOT NULL,
    lang TEXT NOT NULL,
    pdf_path TEXT NOT NULL,
    p7s_path TEXT NOT NULL,
    pdf_sha256 TEXT NOT NULL,
    p7s_sha256 TEXT NOT NULL
  );
  CREATE INDEX protocol_signatures_hearing ON protocol_signatures (hearing_id);
  ${appendOnly('protocol_signatures')}

  CREATE TABLE protocol_audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    hearing_id INTEGER,
    entry_id INTEGER,
    detail TEXT NOT NULL DEFAULT '{}'
  );
  CREATE INDEX protocol_audit_hearing ON protocol_audit (hearing_id, id);
  ${appendOnly('protocol_audit')}
  `,
  // Step 2: two signatures, the secretary's and the presiding judge's, over one PDF. A signing
  // round is the PDF exported at its first signature (with the hearing as it was rendered, for
  // the printable copy); each signature of the round names its capacity and signs those bytes.
  // From a hearing's first signature on, entries and revisions must be addenda (the locked
  // triggers now also look at the signatures: hearings.signed_at waits for the last).
  `
  CREATE TABLE protocol_signing_rounds (
    id INTEGER PRIMARY KEY,
    hearing_id INTEGER NOT NULL REFERENCES hearings (id),
    number INTEGER NOT NULL CHECK (number >= 1),
    lang TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    pdf_path TEXT NOT NULL,
    pdf_sha256 TEXT NOT NULL,
    document TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (hearing_id, number)
  );
  ${appendOnly('protocol_signing_rounds')}

  ALTER TABLE protocol_signatures ADD COLUMN round_id INTEGER REFERENCES protocol_signing_rounds (id);
  ALTER TABLE protocol_signatures ADD COLUMN capacity TEXT CHECK (capacity IS NULL OR capacity IN ('secretary', 'judge'));
  ALTER TABLE protocol_signatures ADD COLUMN subject TEXT NOT NULL DEFAULT '';
  ALTER TABLE protocol_signatures ADD COLUMN iin TEXT;
  ALTER TABLE protocol_signatures ADD COLUMN not_before TEXT;
  ALTER TABLE protocol_signatures ADD COLUMN not_after TEXT;
  ALTER TABLE protocol_signatures ADD COLUMN completes_round INTEGER NOT NULL DEFAULT 1 CHECK (completes_round IN (0, 1));
  ALTER TABLE protocol_signatures ADD COLUMN copy_path TEXT;
  CREATE UNIQUE INDEX protocol_signatures_round_capacity ON protocol_signatures (round_id, capacity) WHERE round_id IS NOT NULL;

  DROP TRIGGER entries_locked;
  CREATE TRIGGER entries_locked BEFORE INSERT ON entries
  WHEN NEW.addendum = 0 AND (
    (SELECT signed_at FROM hearings WHERE id = NEW.hearing_id) IS NOT NULL
    OR EXISTS (SELECT 1 FROM protocol_signatures s WHERE s.hearing_id = NEW.hearing_id))
  BEGIN SELECT RAISE(ABORT, 'protocol is signed: only addenda may be added'); END;
  DROP TRIGGER entry_revisions_locked;
  CREATE TRIGGER entry_revisions_locked BEFORE INSERT ON entry_revisions
  WHEN NEW.addendum = 0 AND NEW.rev > 1 AND (
    (SELECT h.signed_at FROM entries e JOIN hearings h ON h.id = e.hearing_id WHERE e.id = NEW.entry_id) IS NOT NULL
    OR EXISTS (SELECT 1 FROM entries e JOIN protocol_signatures s ON s.hearing_id = e.hearing_id WHERE e.id = NEW.entry_id))
  BEGIN SELECT RAISE(ABORT, 'protocol is signed: only addenda may be added'); END;
  `,
  // Step 3: from a hearing's first signature on, its header (case, court, room, judge,
  // secretary, schedule) and its roster are frozen in the database too, and a signed hearing
  // cannot be made unsigned again: the code's lock is not the only one.
  `
  CREATE TRIGGER hearings_header_frozen BEFORE UPDATE ON hearings
  WHEN EXISTS (SELECT 1 FROM protocol_signatures s WHERE s.hearing_id = OLD.id) AND (
    NEW.uid IS NOT OLD.uid OR NEW.case_number IS NOT OLD.case_number OR NEW.category IS NOT OLD.category
    OR NEW.court IS NOT OLD.court OR NEW.courtroom IS NOT OLD.courtroom OR NEW.judge IS NOT OLD.judge
    OR NEW.secretary IS NOT OLD.secretary OR NEW.scheduled_start IS NOT OLD.scheduled_start
    OR NEW.scheduled_end IS NOT OLD.scheduled_end OR NEW.source IS NOT OLD.source OR NEW.external_id IS NOT OLD.external_id
    OR NEW.created_at IS NOT OLD.created_at OR NEW.id IS NOT OLD.id)
  BEGIN SELECT RAISE(ABORT, 'protocol is signed: the hearing header is frozen'); END;
  CREATE TRIGGER hearings_stay_signed BEFORE UPDATE OF signed_at, signed_by ON hearings
  WHEN OLD.signed_at IS NOT NULL AND (NEW.signed_at IS NULL OR NEW.signed_by IS NULL)
  BEGIN SELECT RAISE(ABORT, 'protocol is signed: it cannot be unsigned'); END;
  CREATE TRIGGER participants_frozen_insert BEFORE INSERT ON participants
  WHEN EXISTS (SELECT 1 FROM protocol_signatures s WHERE s.hearing_id = NEW.hearing_id)
  BEGIN SELECT RAISE(ABORT, 'protocol is signed: the roster is frozen'); END;
  CREATE TRIGGER participants_frozen_update BEFORE UPDATE ON participants
  WHEN EXISTS (SELECT 1 FROM protocol_signatures s WHERE s.hearing_id = OLD.hearing_id OR s.hearing_id = NEW.hearing_id)
  BEGIN SELECT RAISE(ABORT, 'protocol is signed: the roster is frozen'); END;
  `,
  // Step 4: search that answers over a million entries in milliseconds (docs/protocol.md, Search).
  // - entry_fts becomes contentless (the text lives in entry_revisions; the copy was only written,
  //   never read) with contentless_delete, and gets prefix indexes for 2 and 3 letters: a short
  //   prefix reads one list instead of merging the lists of every word that starts with it.
  // - entry_terms is the dictionary of every word entry_fts holds, so that a longer prefix becomes
  //   an OR of whole words that FTS5 walks lazily (newest first, stopping at the candidate bound)
  //   instead of merging the full lists of every matching word before the first hit. The trigger
  //   writes each new revision into entry_fts_fresh too (words only, no positions);
  //   every 512th entry moves that buffer's words into entry_terms and empties it, so a word is
  //   always in one of the two.
  // - the first revision of an entry has nothing to delete from the index: one statement less per commit.
  // - entry_revisions_deleted holds only deletion revisions: "not deleted" is one probe of a small index.
  `
  CREATE INDEX entry_revisions_deleted ON entry_revisions (entry_id, rev) WHERE deleted = 1;
  DROP TRIGGER entry_revisions_fts;
  DROP TABLE entry_fts;
  CREATE VIRTUAL TABLE entry_fts USING fts5 (text, speaker, content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
  INSERT INTO entry_fts (rowid, text, speaker)
    SELECT r.entry_id, r.text, coalesce(r.speaker, '') FROM entry_revisions r
    WHERE r.rev = (SELECT max(rev) FROM entry_revisions WHERE entry_id = r.entry_id);

  CREATE TABLE entry_terms (term TEXT PRIMARY KEY) WITHOUT ROWID;
  CREATE VIRTUAL TABLE temp.entry_fts_all_vocab USING fts5vocab (main, entry_fts, row);
  INSERT OR IGNORE INTO entry_terms (term) SELECT term FROM temp.entry_fts_all_vocab;
  DROP TABLE temp.entry_fts_all_vocab;
  CREATE VIRTUAL TABLE entry_fts_fresh USING fts5 (text, speaker, content = '', detail = none,
    tokenize = 'unicode61 remove_diacritics 2');
  CREATE VIRTUAL TABLE entry_fts_fresh_vocab USING fts5vocab (entry_fts_fresh, row);

  CREATE TRIGGER entry_revisions_fts AFTER INSERT ON entry_revisions
  BEGIN
    DELETE FROM entry_fts WHERE rowid = NEW.entry_id AND NEW.rev > 1;
    INSERT INTO entry_fts (rowid, text, speaker) VALUES (NEW.entry_id, NEW.text, coalesce(NEW.speaker, ''));
    INSERT INTO entry_fts_fresh (text, speaker) VALUES (NEW.text, coalesce(NEW.speaker, ''));
  END;
  CREATE TRIGGER entry_terms_fold AFTER INSERT ON entry_revisions WHEN NEW.rev = 1 AND NEW.entry_id % 512 = 0
  BEGIN
    INSERT OR IGNORE INTO entry_terms (term) SELECT term FROM entry_fts_fresh_vocab;
    INSERT INTO entry_fts_fresh (entry_fts_fresh) VALUES ('delete-all');
  END;
  `,
  // Step 5: undoing a mistake without erasing it, and the header the law asks for.
  // - A hearing created or opened by mistake is cancelled with a reason, never deleted; a
  //   cancellation is final. A roster line is withdrawn with a reason, never deleted; final too.
  // - A revision may correct the entry's kind (NULL: the kind it had), as it corrects its text.
  // - The header states open or closed session and the language of proceedings; once signed,
  //   these and the cancellation are frozen like the rest of the header.
  `
  ALTER TABLE hearings ADD COLUMN session_mode TEXT NOT NULL DEFAULT 'open' CHECK (session_mode IN ('open', 'closed'));
  ALTER TABLE hearings ADD COLUMN proceedings_language TEXT CHECK (proceedings_language IS NULL OR proceedings_language IN ('kk', 'ru'));
  ALTER TABLE hearings ADD COLUMN cancelled_at TEXT;
  ALTER TABLE hearings ADD COLUMN cancelled_by TEXT;
  ALTER TABLE hearings ADD COLUMN cancel_reason TEXT;
  CREATE TRIGGER hearings_stay_cancelled BEFORE UPDATE OF cancelled_at, cancelled_by, cancel_reason ON hearings
  WHEN OLD.cancelled_at IS NOT NULL
  BEGIN SELECT RAISE(ABORT, 'a cancelled hearing stays cancelled'); END;
  DROP TRIGGER hearings_header_frozen;
  CREATE TRIGGER hearings_header_frozen BEFORE UPDATE ON hearings
  WHEN EXISTS (SELECT 1 FROM protocol_signatures s WHERE s.hearing_id = OLD.id) AND (
    NEW.uid IS NOT OLD.uid OR NEW.case_number IS NOT OLD.case_number OR NEW.category IS NOT OLD.category
    OR NEW.court IS NOT OLD.court OR NEW.courtroom IS NOT OLD.courtroom OR NEW.judge IS NOT OLD.judge
    OR NEW.secretary IS NOT OLD.secretary OR NEW.scheduled_start IS NOT OLD.scheduled_start
    OR NEW.scheduled_end IS NOT OLD.scheduled_end OR NEW.source IS NOT OLD.source OR NEW.external_id IS NOT OLD.external_id
    OR NEW.created_at IS NOT OLD.created_at OR NEW.id IS NOT OLD.id
    OR NEW.session_mode IS NOT OLD.session_mode OR NEW.proceedings_language IS NOT OLD.proceedings_language
    OR NEW.cancelled_at IS NOT OLD.cancelled_at)
  BEGIN SELECT RAISE(ABORT, 'protocol is signed: the hearing header is frozen'); END;

  ALTER TABLE participants ADD COLUMN withdrawn_at TEXT;
  ALTER TABLE participants ADD COLUMN withdraw_reason TEXT;
  CREATE TRIGGER participants_stay_withdrawn BEFORE UPDATE ON participants
  WHEN OLD.withdrawn_at IS NOT NULL
  BEGIN SELECT RAISE(ABORT, 'a withdrawn roster line stays withdrawn'); END;

  ALTER TABLE entry_revisions ADD COLUMN kind TEXT;
  `,
  // Step 6: search by what the protocol names (search-named.ts): entries of an event kind, newest
  // first, and the entries about an exhibit, each one index probe instead of a scan.
  `
  CREATE INDEX entries_kind ON entries (kind, started_at);
  CREATE INDEX entries_exhibit ON entries (exhibit_id) WHERE exhibit_id IS NOT NULL;
  `,
  // Step 7: courts' names in both protocol languages, as the schedule gives them (schedule import):
  // the Russian protocol prints the Russian name. The station's own court is in the settings.
  `
  CREATE TABLE court_names (
    court TEXT PRIMARY KEY,
    kk TEXT,
    ru TEXT,
    updated_at TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
  // Step 8: the entries whose kind was corrected, by that kind: search by a kind's name finds an
  // entry corrected to it with one probe (corrections are few; most revisions hold no kind).
  `
  CREATE INDEX entry_revisions_kind ON entry_revisions (kind, entry_id) WHERE kind IS NOT NULL;
  `,
  // Step 9: the entry commit no longer writes the search index (issue 16: the index and its
  // dictionary's buffer were most of what a commit cost). A revision queues its entry in
  // entry_fts_pending, in the commit's own transaction; the store writes the queued entries into
  // entry_fts and their words into entry_terms after the commit, before any search reads the
  // index, and when it opens (search-index.ts). in_index: the index holds an older revision of the
  // entry, to be replaced. The buffer's words move into the dictionary now; the buffer goes. A
  // station's index and dictionary hold every entry already, so the queue starts empty.
  `
  DROP TRIGGER entry_revisions_fts;
  DROP TRIGGER entry_terms_fold;
  INSERT OR IGNORE INTO entry_terms (term) SELECT term FROM entry_fts_fresh_vocab;
  DROP TABLE entry_fts_fresh_vocab;
  DROP TABLE entry_fts_fresh;
  CREATE TABLE entry_fts_pending (
    entry_id INTEGER PRIMARY KEY,
    in_index INTEGER NOT NULL CHECK (in_index IN (0, 1))
  );
  CREATE TRIGGER entry_revisions_index AFTER INSERT ON entry_revisions
  BEGIN INSERT OR IGNORE INTO entry_fts_pending (entry_id, in_index) VALUES (NEW.entry_id, NEW.rev > 1); END;
  `,
  // Step 10: a remote participant's way of participation (issue 17): by video-conference, with
  // the program when stated; the protocol says the hearing was held with its use. Only a remote
  // line has one (the database holds that too). Lines marked remote before this step read as
  // video-conference without a program: signed rosters are frozen, so nothing is written back.
  `
  ALTER TABLE participants ADD COLUMN remote_via TEXT CHECK (remote_via IS NULL OR remote_via IN ('videoconference'));
  ALTER TABLE participants ADD COLUMN remote_app TEXT CHECK (remote_app IS NULL OR length(remote_app) BETWEEN 1 AND 60);
  CREATE TRIGGER participants_way_insert BEFORE INSERT ON participants
  WHEN NEW.attendance <> 'remote' AND (NEW.remote_via IS NOT NULL OR NEW.remote_app IS NOT NULL)
  BEGIN SELECT RAISE(ABORT, 'only a remote participant has a way of participation'); END;
  CREATE TRIGGER participants_way_update BEFORE UPDATE OF attendance, remote_via, remote_app ON participants
  WHEN NEW.attendance <> 'remote' AND (NEW.remote_via IS NOT NULL OR NEW.remote_app IS NOT NULL)
  BEGIN SELECT RAISE(ABORT, 'only a remote participant has a way of participation'); END;
  `,
];
