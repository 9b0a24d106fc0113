-- GovLedger schema: the single source of truth.
-- The library embeds this file (Sources/GovLedger/Storage/schema.sql is a link to it) and runs it on a
-- new ledger; SchemaTests prove that a created ledger matches it. Changes land as new steps in
-- `Migrations` (Storage/Ledger.swift) together with an edit here; a landed migration is never edited.
--
-- Conventions: every dated fact has three columns: X (the date as written: YYYY, YYYY-MM, YYYY-MM-DD,
-- an administration slug, or a range A..B), X_from and X_to (the first and last day it covers, inclusive).
-- The administration of a fact is derived from X_from/X_to against `administrations`, never stored.
-- Money is integer cents with an ISO 4217 currency code.

-- Version 2 added no tables: it made the awards date indexes covering, and it seeds the federal agency
-- reference into every ledger (Seed.swift), which a new ledger gets right after this script runs.
-- Version 3 added agencies.frec_code (USAspending's 4-digit toptier codes: EOP 1100, DOL 1601) and
-- awards.funding_agency_id (who paid, beside agency_id, who bought). Both were added with ALTER TABLE ADD
-- COLUMN, so their text below is exactly what SQLite writes for a migrated ledger (the column after the
-- last column of agencies, and before the table constraints of awards).
-- Version 4 added award_transactions (an award's history: each action of a transactions download) and
-- vendor_identifiers (a vendor's DUNS numbers and further UEIs beside vendors.uei); see docs/history.md.
-- Version 5 (correcting the record: docs/correcting.md) added, the same way, `retraction` (why a record was
-- retracted; NULL while it stands) to every record's table, `merged_into_id` to vendors and agencies (a merged
-- record stays as a pointer to the one it became), `edited_by_hand` to awards (an imported award corrected by
-- hand, which a later import reports instead of overwriting) and `reason` to the journal (edit, retract,
-- merge --reason). Retracted records are kept, and hidden from every read but `export json` and the journal.
-- Version 6 added solicitations.import_seq: `import sam` journals a file's notices as one entry, as
-- `import usaspending` journals awards (same ALTER TABLE text rule), and an index on a solicitation's number and
-- agency, to list the notices that amend one another as one solicitation's history.
-- Version 7 added judgements: a person's decision on a pair of vendors (same, different, unsure), one row per
-- pair whichever way round it was judged; `match vendors` and `check` leave out pairs judged different.
-- Version 8 added the evidence locker (evidence_blobs, evidence_chunks, document_files) and tags and private notes
-- on any record (tags, notes); see docs/evidence.md.
-- Version 9 added people (with dated roles at vendors and agencies) linked from documents, events and stage
-- changes; sources.person_id (the person a source is: a confidential source's person is as private as the
-- source); and requests for comment with their answers (right of reply). See docs/people-and-replies.md.
-- Version 11 added potential_cents to the covering award indexes and indexed retracted awards and notices apart.
-- Version 12 added the saved queries of `govledger watch` and their marks (watches, watch_marks; not journaled).
-- Version 13 added events.signatures_qualifier and pursuits.estimated_value_qualifier (same ALTER TABLE text
-- rule): "about", "nearly"… beside a figure known only approximately (docs/model.md, "Precision").
-- Version 14 added agency_id to the vendor's covering award index (a vendor's report ranks its agencies from it).
PRAGMA user_version = 14;

CREATE TABLE administrations (
  slug TEXT PRIMARY KEY NOT NULL CHECK (slug GLOB '[a-z]*'),
  name TEXT NOT NULL,
  president TEXT NOT NULL,
  starts_on TEXT NOT NULL UNIQUE CHECK (starts_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  -- exclusive: the successor's first day; NULL while the term is open
  ends_on TEXT CHECK (ends_on IS NULL OR ends_on > starts_on)
) STRICT;

INSERT INTO administrations (slug, name, president, starts_on, ends_on) VALUES
  ('clinton', 'Clinton', 'Bill Clinton', '1993-01-20', '2001-01-20'),
  ('bush', 'Bush', 'George W. Bush', '2001-01-20', '2009-01-20'),
  ('obama', 'Obama', 'Barack Obama', '2009-01-20', '2017-01-20'),
  ('trump-1', 'Trump (1st term)', 'Donald Trump', '2017-01-20', '2021-01-20'),
  ('biden', 'Biden', 'Joe Biden', '2021-01-20', '2025-01-20'),
  ('trump-2', 'Trump (2nd term)', 'Donald Trump', '2025-01-20', NULL);

CREATE TABLE agencies (
  id INTEGER PRIMARY KEY NOT NULL,
  name TEXT NOT NULL CHECK (length(trim(name)) > 0),
  acronym TEXT CHECK (acronym IS NULL OR length(trim(acronym)) > 0),
  level TEXT NOT NULL CHECK (level IN ('department', 'subagency', 'office')),
  parent_id INTEGER REFERENCES agencies(id) ON DELETE RESTRICT CHECK (parent_id IS NULL OR parent_id <> id),
  cgac_code TEXT UNIQUE CHECK (cgac_code IS NULL OR cgac_code GLOB '[0-9][0-9][0-9]'),
  fpds_code TEXT UNIQUE CHECK (fpds_code IS NULL OR length(fpds_code) = 4),
  subtier_code TEXT UNIQUE CHECK (subtier_code IS NULL OR length(subtier_code) = 4),
  office_code TEXT UNIQUE CHECK (office_code IS NULL OR length(office_code) BETWEEN 4 AND 6),
  match_key TEXT NOT NULL
, frec_code TEXT CHECK (frec_code IS NULL OR frec_code GLOB '[0-9][0-9][0-9][0-9]'), merged_into_id INTEGER REFERENCES agencies(id) ON DELETE RESTRICT CHECK (merged_into_id IS NULL OR merged_into_id <> id), retraction TEXT CHECK (retraction IS NULL OR length(trim(retraction)) > 0)) STRICT;
CREATE UNIQUE INDEX agencies_frec ON agencies(frec_code);
CREATE INDEX agencies_parent ON agencies(parent_id);
CREATE INDEX agencies_match_key ON agencies(match_key);
CREATE INDEX agencies_merged_into ON agencies(merged_into_id) WHERE merged_into_id IS NOT NULL;

CREATE TRIGGER agencies_no_parent_cycle BEFORE UPDATE OF parent_id ON agencies
WHEN NEW.parent_id IS NOT NULL AND EXISTS (
  WITH RECURSIVE up(id) AS (
    SELECT NEW.parent_id
    UNION SELECT a.parent_id FROM agencies a JOIN up ON a.id = up.id WHERE a.parent_id IS NOT NULL)
  SELECT 1 FROM up WHERE id = NEW.id)
BEGIN
  SELECT RAISE(ABORT, 'agency parent would form a cycle');
END;

CREATE TRIGGER agencies_no_merge_cycle BEFORE UPDATE OF merged_into_id ON agencies
WHEN NEW.merged_into_id IS NOT NULL AND EXISTS (
  WITH RECURSIVE up(id) AS (
    SELECT NEW.merged_into_id
    UNION SELECT a.merged_into_id FROM agencies a JOIN up ON a.id = up.id WHERE a.merged_into_id IS NOT NULL)
  SELECT 1 FROM up WHERE id = NEW.id)
BEGIN
  SELECT RAISE(ABORT, 'agency merge would form a cycle');
END;

CREATE TABLE vendors (
  id INTEGER PRIMARY KEY NOT NULL,
  name TEXT NOT NULL CHECK (length(trim(name)) > 0),
  uei TEXT UNIQUE CHECK (uei IS NULL OR (length(uei) = 12 AND uei NOT GLOB '*[^A-Z0-9]*')),
  parent_id INTEGER REFERENCES vendors(id) ON DELETE RESTRICT CHECK (parent_id IS NULL OR parent_id <> id),
  website TEXT,
  match_key TEXT NOT NULL
, merged_into_id INTEGER REFERENCES vendors(id) ON DELETE RESTRICT CHECK (merged_into_id IS NULL OR merged_into_id <> id), retraction TEXT CHECK (retraction IS NULL OR length(trim(retraction)) > 0)) STRICT;
CREATE INDEX vendors_parent ON vendors(parent_id);
CREATE INDEX vendors_match_key ON vendors(match_key);
CREATE INDEX vendors_merged_into ON vendors(merged_into_id) WHERE merged_into_id IS NOT NULL;

CREATE TRIGGER vendors_no_parent_cycle BEFORE UPDATE OF parent_id ON vendors
WHEN NEW.parent_id IS NOT NULL AND EXISTS (
  WITH RECURSIVE up(id) AS (
    SELECT NEW.parent_id
    UNION SELECT v.parent_id FROM vendors v JOIN up ON v.id = up.id WHERE v.parent_id IS NOT NULL)
  SELECT 1 FROM up WHERE id = NEW.id)
BEGIN
  SELECT RAISE(ABORT, 'vendor parent would form a cycle');
END;

CREATE TRIGGER vendors_no_merge_cycle BEFORE UPDATE OF merged_into_id ON vendors
WHEN NEW.merged_into_id IS NOT NULL AND EXISTS (
  WITH RECURSIVE up(id) AS (
    SELECT NEW.merged_into_id
    UNION SELECT v.merged_into_id FROM vendors v JOIN up ON v.id = up.id WHERE v.merged_into_id IS NOT NULL)
  SELECT 1 FROM up WHERE id = NEW.id)
BEGIN
  SELECT RAISE(ABORT, 'vendor merge would form a cycle');
END;

CREATE TABLE vendor_aliases (
  id INTEGER PRIMARY KEY NOT NULL,
  vendor_id INTEGER NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
  alias TEXT NOT NULL CHECK (length(trim(alias)) > 0),
  match_key TEXT NOT NULL,
  UNIQUE (vendor_id, alias)
) STRICT;
CREATE INDEX vendor_aliases_match_key ON vendor_aliases(match_key);

CREATE TABLE sources (
  id INTEGER PRIMARY KEY NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('news-report', 'document', 'public-record', 'interview', 'statement', 'other')),
  title TEXT NOT NULL CHECK (length(trim(title)) > 0),
  publisher TEXT,
  url TEXT,
  date TEXT,
  date_from TEXT,
  date_to TEXT,
  -- a confidential source is never named outside this file: see Storage/Redaction.swift
  confidential INTEGER NOT NULL DEFAULT 0 CHECK (confidential IN (0, 1)),
  notes TEXT, retraction TEXT CHECK (retraction IS NULL OR length(trim(retraction)) > 0), person_id INTEGER REFERENCES people(id) ON DELETE RESTRICT,
  CHECK ((date IS NULL) = (date_from IS NULL) AND (date IS NULL) = (date_to IS NULL) AND date_from <= date_to)
) STRICT;

CREATE TABLE solicitations (
  id INTEGER PRIMARY KEY NOT NULL,
  agency_id INTEGER NOT NULL REFERENCES agencies(id) ON DELETE RESTRICT,
  title TEXT NOT NULL CHECK (length(trim(title)) > 0),
  notice_type TEXT NOT NULL CHECK (notice_type IN ('request-for-information', 'sources-sought', 'special-notice',
    'presolicitation', 'solicitation', 'combined-synopsis-solicitation', 'award-notice', 'justification',
    'intent-to-bundle', 'sale-of-surplus-property', 'other')),
  base_notice_type TEXT CHECK (base_notice_type IS NULL OR base_notice_type IN ('request-for-information',
    'sources-sought', 'special-notice', 'presolicitation', 'solicitation', 'combined-synopsis-solicitation',
    'award-notice', 'justification', 'intent-to-bundle', 'sale-of-surplus-property', 'other')),
  notice_id TEXT UNIQUE,
  solicitation_number TEXT,
  description TEXT,
  url TEXT,
  posted TEXT,
  posted_from TEXT,
  posted_to TEXT,
  response_due TEXT,
  response_due_from TEXT,
  response_due_to TEXT, retraction TEXT CHECK (retraction IS NULL OR length(trim(retraction)) > 0), import_seq INTEGER REFERENCES journal(seq) DEFERRABLE INITIALLY DEFERRED,
  CHECK ((posted IS NULL) = (posted_from IS NULL) AND (posted IS NULL) = (posted_to IS NULL) AND posted_from <= posted_to),
  CHECK ((response_due IS NULL) = (response_due_from IS NULL) AND (response_due IS NULL) = (response_due_to IS NULL)
    AND response_due_from <= response_due_to)
) STRICT;
CREATE INDEX solicitations_agency ON solicitations(agency_id);
-- import_seq: the bulk-import journal entry that last wrote the notice (see Audit/BulkJournal.swift).
-- A solicitation's history: the notices sharing its solicitation number and its office (see Query/Show.swift).
CREATE INDEX solicitations_import ON solicitations(import_seq) WHERE import_seq IS NOT NULL;
CREATE INDEX solicitations_history ON solicitations(solicitation_number, agency_id) WHERE solicitation_number IS NOT NULL;
CREATE INDEX solicitations_retracted ON solicitations(id) WHERE retraction IS NOT NULL;

CREATE TABLE pursuits (
  id INTEGER PRIMARY KEY NOT NULL,
  vendor_id INTEGER NOT NULL REFERENCES vendors(id) ON DELETE RESTRICT,
  agency_id INTEGER NOT NULL REFERENCES agencies(id) ON DELETE RESTRICT,
  solicitation_id INTEGER REFERENCES solicitations(id) ON DELETE SET NULL,
  title TEXT NOT NULL CHECK (length(trim(title)) > 0),
  summary TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('hiring-recruitment', 'investigations-tips', 'software-licensing',
    'discount-agreement', 'cloud-services', 'data-analytics', 'case-management', 'professional-services', 'other')),
  -- the stage of the latest stage change; Ledger keeps it in step with stage_changes
  stage TEXT NOT NULL CHECK (stage IN ('lead', 'pitched', 'responded', 'proposal', 'awarded', 'lost', 'withdrawn',
    'cancelled', 'agreement')),
  estimated_value_cents INTEGER,
  currency TEXT CHECK (currency IS NULL OR (length(currency) = 3 AND currency NOT GLOB '*[^A-Z]*')),
  date TEXT NOT NULL,
  date_from TEXT NOT NULL,
  date_to TEXT NOT NULL CHECK (date_from <= date_to), retraction TEXT CHECK (retraction IS NULL OR length(trim(retraction)) > 0), estimated_value_qualifier TEXT CHECK (estimated_value_qualifier IS NULL OR (estimated_value_cents IS NOT NULL AND estimated_value_qualifier IN ('about', 'nearly', 'almost', 'over', 'more than', 'at least', 'up to'))),
  CHECK ((estimated_value_cents IS NULL) = (currency IS NULL))
) STRICT;
CREATE INDEX pursuits_vendor ON pursuits(vendor_id);
CREATE INDEX pursuits_agency ON pursuits(agency_id);

CREATE TABLE stage_changes (
  id INTEGER PRIMARY KEY NOT NULL,
  pursuit_id INTEGER NOT NULL REFERENCES pursuits(id) ON DELETE CASCADE,
  stage TEXT NOT NULL CHECK (stage IN ('lead', 'pitched', 'responded', 'proposal', 'awarded', 'lost', 'withdrawn',
    'cancelled', 'agreement')),
  date TEXT NOT NULL,
  date_from TEXT NOT NULL,
  date_to TEXT NOT NULL CHECK (date_from <= date_to),
  note TEXT
, retraction TEXT CHECK (retraction IS NULL OR length(trim(retraction)) > 0)) STRICT;
CREATE INDEX stage_changes_pursuit ON stage_changes(pursuit_id);

CREATE TABLE documents (
  id INTEGER PRIMARY KEY NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('memo', 'spreadsheet', 'slide-deck', 'letter', 'petition', 'agreement',
    'statement', 'article', 'contract', 'email', 'report', 'other')),
  title TEXT NOT NULL CHECK (length(trim(title)) > 0),
  date TEXT,
  date_from TEXT,
  date_to TEXT,
  pages INTEGER CHECK (pages IS NULL OR pages > 0),
  author_organization TEXT,
  summary TEXT,
  url TEXT,
  sha256 TEXT CHECK (sha256 IS NULL OR (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*')), retraction TEXT CHECK (retraction IS NULL OR length(trim(retraction)) > 0),
  CHECK ((date IS NULL) = (date_from IS NULL) AND (date IS NULL) = (date_to IS NULL) AND date_from <= date_to)
) STRICT;

-- One row links a document to exactly one pursuit, vendor or agency.
CREATE TABLE document_links (
  id INTEGER PRIMARY KEY NOT NULL,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  pursuit_id INTEGER REFERENCES pursuits(id) ON DELETE CASCADE,
  vendor_id INTEGER REFERENCES vendors(id) ON DELETE CASCADE,
  agency_id INTEGER REFERENCES agencies(id) ON DELETE CASCADE,
  CHECK ((pursuit_id IS NOT NULL) + (vendor_id IS NOT NULL) + (agency_id IS NOT NULL) = 1)
) STRICT;
CREATE UNIQUE INDEX document_links_unique
  ON document_links(document_id, ifnull(pursuit_id, 0), ifnull(vendor_id, 0), ifnull(agency_id, 0));
CREATE INDEX document_links_pursuit ON document_links(pursuit_id) WHERE pursuit_id IS NOT NULL;
CREATE INDEX document_links_vendor ON document_links(vendor_id) WHERE vendor_id IS NOT NULL;
CREATE INDEX document_links_agency ON document_links(agency_id) WHERE agency_id IS NOT NULL;

-- The evidence locker (version 8; docs/evidence.md). A file's bytes are kept once however often they are
-- attached, under their SHA-256, in chunks of 1 MiB so that no file is ever whole in memory; `withheld` marks a
-- copy the bytes were left out of (`export sqlite`, a load of a public `export json`). A document's files are
-- part of its journal image (hash, size, media type, name, when and by whom), never its bytes; `verify` re-hashes
-- the bytes.
CREATE TABLE evidence_blobs (
  sha256 TEXT PRIMARY KEY NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
  size INTEGER NOT NULL CHECK (size >= 0),
  media_type TEXT NOT NULL CHECK (length(media_type) > 0),
  withheld INTEGER CHECK (withheld IS NULL OR withheld = 1)
) STRICT;
CREATE TABLE evidence_chunks (
  id INTEGER PRIMARY KEY NOT NULL,
  sha256 TEXT NOT NULL REFERENCES evidence_blobs(sha256) ON DELETE CASCADE,
  seq INTEGER NOT NULL CHECK (seq >= 0),
  bytes BLOB NOT NULL,
  UNIQUE (sha256, seq)
) STRICT;
CREATE TABLE document_files (
  id INTEGER PRIMARY KEY NOT NULL,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  sha256 TEXT NOT NULL REFERENCES evidence_blobs(sha256) ON DELETE RESTRICT,
  name TEXT NOT NULL CHECK (length(name) > 0 AND name NOT GLOB '*/*' AND name NOT IN ('.', '..')),
  attached_at TEXT NOT NULL,
  attached_by TEXT NOT NULL,
  UNIQUE (document_id, sha256)
) STRICT;
CREATE INDEX document_files_sha256 ON document_files(sha256);

-- Tags and private notes on any record (version 8; docs/evidence.md): journaled records of their own, kinds
-- `tag` and `note`. A note is shown by `show` only; the redacted copy keeps it as '[private note]'.
CREATE TABLE tags (
  id INTEGER PRIMARY KEY NOT NULL,
  record_kind TEXT NOT NULL CHECK (record_kind IN ('agency', 'vendor', 'source', 'solicitation', 'pursuit', 'stage-change',
    'document', 'award', 'event')),
  record_id INTEGER NOT NULL,
  word TEXT NOT NULL CHECK (length(word) BETWEEN 1 AND 64 AND word NOT GLOB '*[^a-z0-9_-]*'),
  UNIQUE (record_kind, record_id, word)
) STRICT;
CREATE INDEX tags_word ON tags(word, record_kind, record_id);
CREATE TABLE notes (
  id INTEGER PRIMARY KEY NOT NULL,
  record_kind TEXT NOT NULL CHECK (record_kind IN ('agency', 'vendor', 'source', 'solicitation', 'pursuit', 'stage-change',
    'document', 'award', 'event')),
  record_id INTEGER NOT NULL,
  text TEXT NOT NULL CHECK (length(trim(text)) > 0)
) STRICT;
CREATE INDEX notes_record ON notes(record_kind, record_id);

CREATE TABLE awards (
  id INTEGER PRIMARY KEY NOT NULL,
  -- USAspending's contract_award_unique_key when known
  award_key TEXT UNIQUE,
  piid TEXT,
  vendor_id INTEGER NOT NULL REFERENCES vendors(id) ON DELETE RESTRICT,
  agency_id INTEGER NOT NULL REFERENCES agencies(id) ON DELETE RESTRICT,
  pursuit_id INTEGER REFERENCES pursuits(id) ON DELETE SET NULL,
  solicitation_id INTEGER REFERENCES solicitations(id) ON DELETE SET NULL,
  description TEXT,
  award_type TEXT,
  obligated_cents INTEGER,
  potential_cents INTEGER,
  currency TEXT NOT NULL DEFAULT 'USD' CHECK (length(currency) = 3 AND currency NOT GLOB '*[^A-Z]*'),
  date TEXT,
  date_from TEXT,
  date_to TEXT,
  ends TEXT,
  ends_from TEXT,
  ends_to TEXT,
  permalink TEXT,
  -- provenance of an imported award: the file (name and SHA-256) and the line its row starts on
  source_file TEXT,
  source_sha256 TEXT CHECK (source_sha256 IS NULL OR (length(source_sha256) = 64 AND source_sha256 NOT GLOB '*[^0-9a-f]*')),
  source_row INTEGER CHECK (source_row IS NULL OR source_row > 0),
  -- the bulk-import journal entry that last wrote the row (NULL when its own journal entries cover it);
  -- see Audit/BulkJournal.swift
  import_seq INTEGER REFERENCES journal(seq) DEFERRABLE INITIALLY DEFERRED, funding_agency_id INTEGER REFERENCES agencies(id) ON DELETE RESTRICT, retraction TEXT CHECK (retraction IS NULL OR length(trim(retraction)) > 0), edited_by_hand INTEGER CHECK (edited_by_hand IS NULL OR edited_by_hand = 1),
  CHECK ((date IS NULL) = (date_from IS NULL) AND (date IS NULL) = (date_to IS NULL) AND date_from <= date_to),
  CHECK ((ends IS NULL) = (ends_from IS NULL) AND (ends IS NULL) = (ends_to IS NULL) AND ends_from <= ends_to)
) STRICT;
-- Covering indexes: a vendor's totals per administration and an agency's top vendors in a window read only
-- the index, never the award rows (bench/run: 108 ms to 17 ms and 49 ms to 3 ms at a million awards); since
-- version 5 they end with `retraction`, so that leaving retracted awards out still reads only the index, and since
-- version 11 they hold `potential_cents`, which `totals` sums. Retracted awards are indexed apart (version 11), so
-- search leaves them out by probing that small index. Since version 14 the vendor's index
-- also holds `agency_id`, so a vendor's report ranks its agencies from the index.
CREATE INDEX awards_vendor_date ON awards(vendor_id, date_from, date_to, currency, obligated_cents, potential_cents, retraction, agency_id);
CREATE INDEX awards_agency_date ON awards(agency_id, date_from, date_to, vendor_id, currency, obligated_cents, potential_cents, retraction);
CREATE INDEX awards_retracted ON awards(id) WHERE retraction IS NOT NULL;
CREATE INDEX awards_import ON awards(import_seq) WHERE import_seq IS NOT NULL;
CREATE INDEX awards_funding_agency ON awards(funding_agency_id) WHERE funding_agency_id IS NOT NULL;

-- An award's transactions (version 4): each action of a USAspending transactions download, kept under its
-- award. They are part of the award's journal image, so the award's journal entry (or its bulk import's digest)
-- covers them. Vendor identifiers (version 4): a vendor's DUNS numbers and the UEIs beyond vendors.uei, part
-- of the vendor's image; a UEI names one vendor, whichever column holds it.
CREATE TABLE award_transactions (
  id INTEGER PRIMARY KEY NOT NULL,
  award_id INTEGER NOT NULL REFERENCES awards(id) ON DELETE CASCADE,
  -- USAspending's contract_transaction_unique_key, or the award key and modification number when a file lacks it
  transaction_key TEXT NOT NULL UNIQUE CHECK (length(trim(transaction_key)) > 0),
  modification_number TEXT,
  action_date TEXT,
  action_date_from TEXT,
  action_date_to TEXT,
  action_type TEXT,
  obligated_cents INTEGER,
  currency TEXT NOT NULL DEFAULT 'USD' CHECK (length(currency) = 3 AND currency NOT GLOB '*[^A-Z]*'),
  description TEXT,
  source_file TEXT,
  source_sha256 TEXT CHECK (source_sha256 IS NULL OR (length(source_sha256) = 64 AND source_sha256 NOT GLOB '*[^0-9a-f]*')),
  source_row INTEGER CHECK (source_row IS NULL OR source_row > 0),
  CHECK ((action_date IS NULL) = (action_date_from IS NULL) AND (action_date IS NULL) = (action_date_to IS NULL)
    AND action_date_from <= action_date_to)
) STRICT;
CREATE INDEX award_transactions_award ON award_transactions(award_id, action_date_from, currency, obligated_cents);

CREATE TABLE vendor_identifiers (
  id INTEGER PRIMARY KEY NOT NULL,
  vendor_id INTEGER NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
  scheme TEXT NOT NULL CHECK (scheme IN ('uei', 'duns')),
  value TEXT NOT NULL CHECK ((scheme = 'uei' AND length(value) = 12 AND value NOT GLOB '*[^A-Z0-9]*')
    OR (scheme = 'duns' AND length(value) = 9 AND value NOT GLOB '*[^0-9]*')),
  UNIQUE (scheme, value)
) STRICT;
CREATE INDEX vendor_identifiers_vendor ON vendor_identifiers(vendor_id);

CREATE TRIGGER vendor_identifiers_uei_once BEFORE INSERT ON vendor_identifiers
WHEN NEW.scheme = 'uei' AND EXISTS (SELECT 1 FROM vendors WHERE uei = NEW.value)
BEGIN
  SELECT RAISE(ABORT, 'a UEI names one vendor: it is already a vendor''s uei');
END;
CREATE TRIGGER vendors_uei_once BEFORE UPDATE OF uei ON vendors
WHEN NEW.uei IS NOT NULL AND EXISTS (SELECT 1 FROM vendor_identifiers WHERE scheme = 'uei' AND value = NEW.uei)
BEGIN
  SELECT RAISE(ABORT, 'a UEI names one vendor: it is already another identifier of a vendor');
END;
CREATE TRIGGER vendors_uei_once_insert BEFORE INSERT ON vendors
WHEN NEW.uei IS NOT NULL AND EXISTS (SELECT 1 FROM vendor_identifiers WHERE scheme = 'uei' AND value = NEW.uei)
BEGIN
  SELECT RAISE(ABORT, 'a UEI names one vendor: it is already another identifier of a vendor');
END;

CREATE TABLE events (
  id INTEGER PRIMARY KEY NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('letter', 'petition', 'news-report', 'statement', 'protest', 'meeting',
    'announcement', 'incident', 'other')),
  title TEXT NOT NULL CHECK (length(trim(title)) > 0),
  date TEXT NOT NULL,
  date_from TEXT NOT NULL,
  date_to TEXT NOT NULL CHECK (date_from <= date_to),
  summary TEXT,
  signatures INTEGER CHECK (signatures IS NULL OR signatures >= 0),
  url TEXT
, retraction TEXT CHECK (retraction IS NULL OR length(trim(retraction)) > 0), signatures_qualifier TEXT CHECK (signatures_qualifier IS NULL OR (signatures IS NOT NULL AND signatures_qualifier IN ('about', 'nearly', 'almost', 'over', 'more than', 'at least', 'up to')))) STRICT;

-- One row links an event to exactly one pursuit, vendor or agency.
CREATE TABLE event_links (
  id INTEGER PRIMARY KEY NOT NULL,
  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  pursuit_id INTEGER REFERENCES pursuits(id) ON DELETE CASCADE,
  vendor_id INTEGER REFERENCES vendors(id) ON DELETE CASCADE,
  agency_id INTEGER REFERENCES agencies(id) ON DELETE CASCADE,
  CHECK ((pursuit_id IS NOT NULL) + (vendor_id IS NOT NULL) + (agency_id IS NOT NULL) = 1)
) STRICT;
CREATE UNIQUE INDEX event_links_unique
  ON event_links(event_id, ifnull(pursuit_id, 0), ifnull(vendor_id, 0), ifnull(agency_id, 0));
CREATE INDEX event_links_pursuit ON event_links(pursuit_id) WHERE pursuit_id IS NOT NULL;
CREATE INDEX event_links_vendor ON event_links(vendor_id) WHERE vendor_id IS NOT NULL;
CREATE INDEX event_links_agency ON event_links(agency_id) WHERE agency_id IS NOT NULL;

-- A citation ties one source to exactly one record; foreign keys make a dangling citation impossible.
CREATE TABLE citations (
  id INTEGER PRIMARY KEY NOT NULL,
  source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE RESTRICT,
  agency_id INTEGER REFERENCES agencies(id) ON DELETE CASCADE,
  vendor_id INTEGER REFERENCES vendors(id) ON DELETE CASCADE,
  solicitation_id INTEGER REFERENCES solicitations(id) ON DELETE CASCADE,
  pursuit_id INTEGER REFERENCES pursuits(id) ON DELETE CASCADE,
  stage_change_id INTEGER REFERENCES stage_changes(id) ON DELETE CASCADE,
  document_id INTEGER REFERENCES documents(id) ON DELETE CASCADE,
  award_id INTEGER REFERENCES awards(id) ON DELETE CASCADE,
  event_id INTEGER REFERENCES events(id) ON DELETE CASCADE,
  quote TEXT,
  page INTEGER CHECK (page IS NULL OR page > 0),
  CHECK ((agency_id IS NOT NULL) + (vendor_id IS NOT NULL) + (solicitation_id IS NOT NULL) + (pursuit_id IS NOT NULL)
    + (stage_change_id IS NOT NULL) + (document_id IS NOT NULL) + (award_id IS NOT NULL) + (event_id IS NOT NULL) = 1)
) STRICT;
CREATE INDEX citations_source ON citations(source_id);
CREATE INDEX citations_agency ON citations(agency_id) WHERE agency_id IS NOT NULL;
CREATE INDEX citations_vendor ON citations(vendor_id) WHERE vendor_id IS NOT NULL;
CREATE INDEX citations_solicitation ON citations(solicitation_id) WHERE solicitation_id IS NOT NULL;
CREATE INDEX citations_pursuit ON citations(pursuit_id) WHERE pursuit_id IS NOT NULL;
CREATE INDEX citations_stage_change ON citations(stage_change_id) WHERE stage_change_id IS NOT NULL;
CREATE INDEX citations_document ON citations(document_id) WHERE document_id IS NOT NULL;
CREATE INDEX citations_award ON citations(award_id) WHERE award_id IS NOT NULL;
CREATE INDEX citations_event ON citations(event_id) WHERE event_id IS NOT NULL;

-- Version 9: people, their roles and mentions, and requests for comment (docs/people-and-replies.md).
CREATE TABLE people (
  id INTEGER PRIMARY KEY NOT NULL,
  name TEXT NOT NULL CHECK (length(trim(name)) > 0),
  match_key TEXT NOT NULL,
  notes TEXT,
  retraction TEXT CHECK (retraction IS NULL OR length(trim(retraction)) > 0)
) STRICT;
CREATE INDEX people_match_key ON people(match_key);
CREATE INDEX sources_person ON sources(person_id) WHERE person_id IS NOT NULL;

-- A person's dated roles: at most one vendor or agency each (a freelance role names neither).
CREATE TABLE person_roles (
  id INTEGER PRIMARY KEY NOT NULL,
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  title TEXT NOT NULL CHECK (length(trim(title)) > 0),
  vendor_id INTEGER REFERENCES vendors(id) ON DELETE RESTRICT,
  agency_id INTEGER REFERENCES agencies(id) ON DELETE RESTRICT,
  since TEXT,
  since_from TEXT,
  since_to TEXT,
  until TEXT,
  until_from TEXT,
  until_to TEXT,
  CHECK ((vendor_id IS NOT NULL) + (agency_id IS NOT NULL) <= 1),
  CHECK ((since IS NULL) = (since_from IS NULL) AND (since IS NULL) = (since_to IS NULL) AND since_from <= since_to),
  CHECK ((until IS NULL) = (until_from IS NULL) AND (until IS NULL) = (until_to IS NULL) AND until_from <= until_to),
  CHECK (since_from IS NULL OR until_to IS NULL OR since_from <= until_to)
) STRICT;
CREATE INDEX person_roles_person ON person_roles(person_id);
CREATE INDEX person_roles_vendor ON person_roles(vendor_id) WHERE vendor_id IS NOT NULL;
CREATE INDEX person_roles_agency ON person_roles(agency_id) WHERE agency_id IS NOT NULL;

-- The people a document names as its author or recipient, an event as involved, a stage change as involved.
CREATE TABLE document_people (
  id INTEGER PRIMARY KEY NOT NULL,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE RESTRICT,
  role TEXT NOT NULL CHECK (role IN ('author', 'recipient')),
  UNIQUE (document_id, person_id, role)
) STRICT;
CREATE INDEX document_people_person ON document_people(person_id);
CREATE TABLE event_people (
  id INTEGER PRIMARY KEY NOT NULL,
  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE RESTRICT,
  UNIQUE (event_id, person_id)
) STRICT;
CREATE INDEX event_people_person ON event_people(person_id);
CREATE TABLE stage_change_people (
  id INTEGER PRIMARY KEY NOT NULL,
  stage_change_id INTEGER NOT NULL REFERENCES stage_changes(id) ON DELETE CASCADE,
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE RESTRICT,
  UNIQUE (stage_change_id, person_id)
) STRICT;
CREATE INDEX stage_change_people_person ON stage_change_people(person_id);

-- A request for comment (right of reply) and its answer. The party asked is a vendor, an agency, or a person
-- alone; with a vendor or agency, person_id is the contact asked there. The answer is recorded once.
CREATE TABLE reply_requests (
  id INTEGER PRIMARY KEY NOT NULL,
  vendor_id INTEGER REFERENCES vendors(id) ON DELETE RESTRICT,
  agency_id INTEGER REFERENCES agencies(id) ON DELETE RESTRICT,
  person_id INTEGER REFERENCES people(id) ON DELETE RESTRICT,
  asked TEXT NOT NULL,
  asked_from TEXT NOT NULL,
  asked_to TEXT NOT NULL CHECK (asked_from <= asked_to),
  via TEXT CHECK (via IS NULL OR via IN ('email', 'phone', 'letter', 'in-person')),
  deadline TEXT,
  deadline_from TEXT,
  deadline_to TEXT,
  outcome TEXT CHECK (outcome IS NULL OR outcome IN ('replied', 'declined', 'no-response')),
  answered TEXT,
  answered_from TEXT,
  answered_to TEXT,
  document_id INTEGER REFERENCES documents(id) ON DELETE RESTRICT,
  text TEXT,
  retraction TEXT CHECK (retraction IS NULL OR length(trim(retraction)) > 0),
  CHECK ((vendor_id IS NOT NULL) + (agency_id IS NOT NULL) <= 1 AND (vendor_id IS NOT NULL OR agency_id IS NOT NULL OR person_id IS NOT NULL)),
  CHECK ((deadline IS NULL) = (deadline_from IS NULL) AND (deadline IS NULL) = (deadline_to IS NULL) AND deadline_from <= deadline_to),
  CHECK ((answered IS NULL) = (answered_from IS NULL) AND (answered IS NULL) = (answered_to IS NULL) AND answered_from <= answered_to),
  CHECK ((outcome IS NULL) = (answered IS NULL)),
  CHECK (deadline_to IS NULL OR deadline_to >= asked_from),
  CHECK (answered_to IS NULL OR answered_to >= asked_from),
  CHECK ((outcome = 'replied') = (document_id IS NOT NULL OR text IS NOT NULL))
) STRICT;
CREATE INDEX reply_requests_vendor ON reply_requests(vendor_id) WHERE vendor_id IS NOT NULL;
CREATE INDEX reply_requests_agency ON reply_requests(agency_id) WHERE agency_id IS NOT NULL;
CREATE INDEX reply_requests_person ON reply_requests(person_id) WHERE person_id IS NOT NULL;
CREATE TABLE reply_request_pursuits (
  id INTEGER PRIMARY KEY NOT NULL,
  request_id INTEGER NOT NULL REFERENCES reply_requests(id) ON DELETE CASCADE,
  pursuit_id INTEGER NOT NULL REFERENCES pursuits(id) ON DELETE CASCADE,
  UNIQUE (request_id, pursuit_id)
) STRICT;
CREATE INDEX reply_request_pursuits_pursuit ON reply_request_pursuits(pursuit_id);

CREATE VIRTUAL TABLE people_fts USING fts5(name, notes, content="people", content_rowid='id', tokenize='porter unicode61');
CREATE TRIGGER people_fts_insert AFTER INSERT ON people BEGIN
  INSERT INTO people_fts(rowid, name, notes) VALUES (new.id, new.name, new.notes);
END;
CREATE TRIGGER people_fts_delete AFTER DELETE ON people BEGIN
  INSERT INTO people_fts(people_fts, rowid, name, notes) VALUES ('delete', old.id, old.name, old.notes);
END;
CREATE TRIGGER people_fts_update AFTER UPDATE OF name, notes ON people BEGIN
  INSERT INTO people_fts(people_fts, rowid, name, notes) VALUES ('delete', old.id, old.name, old.notes);
  INSERT INTO people_fts(rowid, name, notes) VALUES (new.id, new.name, new.notes);
END;

CREATE VIRTUAL TABLE reply_requests_fts USING fts5(text, content="reply_requests", content_rowid='id', tokenize='porter unicode61');
CREATE TRIGGER reply_requests_fts_insert AFTER INSERT ON reply_requests BEGIN
  INSERT INTO reply_requests_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER reply_requests_fts_delete AFTER DELETE ON reply_requests BEGIN
  INSERT INTO reply_requests_fts(reply_requests_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER reply_requests_fts_update AFTER UPDATE OF text ON reply_requests BEGIN
  INSERT INTO reply_requests_fts(reply_requests_fts, rowid, text) VALUES ('delete', old.id, old.text);
  INSERT INTO reply_requests_fts(rowid, text) VALUES (new.id, new.text);
END;

-- The journal: every change, hash-chained, append-only. See Storage/Journal.swift for the canonical bytes.
CREATE TABLE journal (
  seq INTEGER PRIMARY KEY NOT NULL CHECK (seq > 0),
  at TEXT NOT NULL,                      -- UTC, ISO 8601
  actor TEXT NOT NULL,
  command TEXT NOT NULL,
  kind TEXT NOT NULL,                    -- the record's kind (agency, vendor, …, citation) or 'import'
  record_id INTEGER,
  before TEXT CHECK (before IS NULL OR json_valid(before)),   -- canonical JSON image before the change
  after TEXT CHECK (after IS NULL OR json_valid(after)),      -- and after it (NULL once deleted)
  hash TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)         -- SHA-256(previous hash || canonical entry)
, reason TEXT) STRICT;
CREATE INDEX journal_record ON journal(kind, record_id, seq);

CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal BEGIN
  SELECT RAISE(ABORT, 'the journal is append-only');
END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal BEGIN
  SELECT RAISE(ABORT, 'the journal is append-only');
END;

-- Full-text search: FTS5 external-content tables, kept in step by triggers (Datasette detects them).

CREATE VIRTUAL TABLE pursuits_fts USING fts5(title, summary, content="pursuits", content_rowid='id', tokenize='porter unicode61');
CREATE TRIGGER pursuits_fts_insert AFTER INSERT ON pursuits BEGIN
  INSERT INTO pursuits_fts(rowid, title, summary) VALUES (new.id, new.title, new.summary);
END;
CREATE TRIGGER pursuits_fts_delete AFTER DELETE ON pursuits BEGIN
  INSERT INTO pursuits_fts(pursuits_fts, rowid, title, summary) VALUES ('delete', old.id, old.title, old.summary);
END;
CREATE TRIGGER pursuits_fts_update AFTER UPDATE OF title, summary ON pursuits BEGIN
  INSERT INTO pursuits_fts(pursuits_fts, rowid, title, summary) VALUES ('delete', old.id, old.title, old.summary);
  INSERT INTO pursuits_fts(rowid, title, summary) VALUES (new.id, new.title, new.summary);
END;

CREATE VIRTUAL TABLE solicitations_fts USING fts5(title, description, content="solicitations", content_rowid='id', tokenize='porter unicode61');
CREATE TRIGGER solicitations_fts_insert AFTER INSERT ON solicitations BEGIN
  INSERT INTO solicitations_fts(rowid, title, description) VALUES (new.id, new.title, new.description);
END;
CREATE TRIGGER solicitations_fts_delete AFTER DELETE ON solicitations BEGIN
  INSERT INTO solicitations_fts(solicitations_fts, rowid, title, description) VALUES ('delete', old.id, old.title, old.description);
END;
CREATE TRIGGER solicitations_fts_update AFTER UPDATE OF title, description ON solicitations BEGIN
  INSERT INTO solicitations_fts(solicitations_fts, rowid, title, description) VALUES ('delete', old.id, old.title, old.description);
  INSERT INTO solicitations_fts(rowid, title, description) VALUES (new.id, new.title, new.description);
END;

CREATE VIRTUAL TABLE stage_changes_fts USING fts5(note, content="stage_changes", content_rowid='id', tokenize='porter unicode61');
CREATE TRIGGER stage_changes_fts_insert AFTER INSERT ON stage_changes BEGIN
  INSERT INTO stage_changes_fts(rowid, note) VALUES (new.id, new.note);
END;
CREATE TRIGGER stage_changes_fts_delete AFTER DELETE ON stage_changes BEGIN
  INSERT INTO stage_changes_fts(stage_changes_fts, rowid, note) VALUES ('delete', old.id, old.note);
END;
CREATE TRIGGER stage_changes_fts_update AFTER UPDATE OF note ON stage_changes BEGIN
  INSERT INTO stage_changes_fts(stage_changes_fts, rowid, note) VALUES ('delete', old.id, old.note);
  INSERT INTO stage_changes_fts(rowid, note) VALUES (new.id, new.note);
END;

CREATE VIRTUAL TABLE documents_fts USING fts5(title, summary, content="documents", content_rowid='id', tokenize='porter unicode61');
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
  INSERT INTO documents_fts(rowid, title, summary) VALUES (new.id, new.title, new.summary);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
  INSERT INTO documents_fts(documents_fts, rowid, title, summary) VALUES ('delete', old.id, old.title, old.summary);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, summary ON documents BEGIN
  INSERT INTO documents_fts(documents_fts, rowid, title, summary) VALUES ('delete', old.id, old.title, old.summary);
  INSERT INTO documents_fts(rowid, title, summary) VALUES (new.id, new.title, new.summary);
END;

CREATE VIRTUAL TABLE awards_fts USING fts5(description, content="awards", content_rowid='id', tokenize='porter unicode61');
CREATE TRIGGER awards_fts_insert AFTER INSERT ON awards BEGIN
  INSERT INTO awards_fts(rowid, description) VALUES (new.id, new.description);
END;
CREATE TRIGGER awards_fts_delete AFTER DELETE ON awards BEGIN
  INSERT INTO awards_fts(awards_fts, rowid, description) VALUES ('delete', old.id, old.description);
END;
CREATE TRIGGER awards_fts_update AFTER UPDATE OF description ON awards BEGIN
  INSERT INTO awards_fts(awards_fts, rowid, description) VALUES ('delete', old.id, old.description);
  INSERT INTO awards_fts(rowid, description) VALUES (new.id, new.description);
END;

CREATE VIRTUAL TABLE events_fts USING fts5(title, summary, content="events", content_rowid='id', tokenize='porter unicode61');
CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
  INSERT INTO events_fts(rowid, title, summary) VALUES (new.id, new.title, new.summary);
END;
CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
  INSERT INTO events_fts(events_fts, rowid, title, summary) VALUES ('delete', old.id, old.title, old.summary);
END;
CREATE TRIGGER events_fts_update AFTER UPDATE OF title, summary ON events BEGIN
  INSERT INTO events_fts(events_fts, rowid, title, summary) VALUES ('delete', old.id, old.title, old.summary);
  INSERT INTO events_fts(rowid, title, summary) VALUES (new.id, new.title, new.summary);
END;

CREATE VIRTUAL TABLE citations_fts USING fts5(quote, content="citations", content_rowid='id', tokenize='porter unicode61');
CREATE TRIGGER citations_fts_insert AFTER INSERT ON citations BEGIN
  INSERT INTO citations_fts(rowid, quote) VALUES (new.id, new.quote);
END;
CREATE TRIGGER citations_fts_delete AFTER DELETE ON citations BEGIN
  INSERT INTO citations_fts(citations_fts, rowid, quote) VALUES ('delete', old.id, old.quote);
END;
CREATE TRIGGER citations_fts_update AFTER UPDATE OF quote ON citations BEGIN
  INSERT INTO citations_fts(citations_fts, rowid, quote) VALUES ('delete', old.id, old.quote);
  INSERT INTO citations_fts(rowid, quote) VALUES (new.id, new.quote);
END;

-- Readable views, for Datasette and any other SQLite browser: names instead of ids, and each fact's
-- administration when its dates fall wholly within one term (NULL when unknown or straddling, as elsewhere).
-- Nothing reads or writes through them; they only make the file easier to browse. Datasette finds the FTS5
-- tables above because they say content="X" (it does not look for content='X').

CREATE VIEW awards_view AS
SELECT a.id, a.award_key, a.piid, v.name AS vendor, g.name AS agency, g.acronym AS agency_acronym,
  a.pursuit_id, p.title AS pursuit, a.solicitation_id, s.title AS solicitation, a.description, a.award_type,
  a.obligated_cents, a.potential_cents, a.currency, a.date, a.date_from, a.date_to, a.ends,
  (SELECT slug FROM administrations WHERE starts_on <= a.date_from AND (ends_on IS NULL OR a.date_to < ends_on))
    AS administration,
  a.permalink
FROM awards a
JOIN vendors v ON v.id = a.vendor_id
JOIN agencies g ON g.id = a.agency_id
LEFT JOIN pursuits p ON p.id = a.pursuit_id
LEFT JOIN solicitations s ON s.id = a.solicitation_id;

CREATE VIEW pursuits_view AS
SELECT p.id, p.title, v.name AS vendor, g.name AS agency, g.acronym AS agency_acronym, p.kind, p.stage,
  p.date, p.date_from, p.date_to,
  (SELECT slug FROM administrations WHERE starts_on <= p.date_from AND (ends_on IS NULL OR p.date_to < ends_on))
    AS administration,
  p.estimated_value_cents, p.currency, p.solicitation_id, s.title AS solicitation, p.summary
FROM pursuits p
JOIN vendors v ON v.id = p.vendor_id
JOIN agencies g ON g.id = p.agency_id
LEFT JOIN solicitations s ON s.id = p.solicitation_id;

-- A decision on a pair of vendors (version 7): see docs/correcting.md.
CREATE TABLE judgements (
  id INTEGER PRIMARY KEY NOT NULL,
  vendor_id INTEGER NOT NULL REFERENCES vendors(id) ON DELETE RESTRICT,
  other_vendor_id INTEGER NOT NULL REFERENCES vendors(id) ON DELETE RESTRICT,
  verdict TEXT NOT NULL CHECK (verdict IN ('same', 'different', 'unsure')),
  reason TEXT CHECK (reason IS NULL OR length(trim(reason)) > 0),
  CHECK (vendor_id <> other_vendor_id)
) STRICT;
CREATE UNIQUE INDEX judgements_pair ON judgements(min(vendor_id, other_vendor_id), max(vendor_id, other_vendor_id));
CREATE INDEX judgements_other ON judgements(other_vendor_id);

-- Saved queries for `govledger watch` and the records each matched at its last look (version 12): the
-- reporter's own reading state, not journaled and not exported (docs/diff-and-watch.md).
CREATE TABLE watches (
  id INTEGER PRIMARY KEY NOT NULL,
  name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) BETWEEN 1 AND 200),
  kinds TEXT NOT NULL CHECK (length(kinds) > 0),
  vendor TEXT,
  agency TEXT,
  administration TEXT,
  since TEXT,
  until TEXT,
  tags TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  looked_at TEXT
) STRICT;
CREATE TABLE watch_marks (
  watch_id INTEGER NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
  record_kind TEXT NOT NULL,
  record_id INTEGER NOT NULL,
  PRIMARY KEY (watch_id, record_kind, record_id)
) STRICT, WITHOUT ROWID;
