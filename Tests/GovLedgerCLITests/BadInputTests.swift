import Foundation
import Testing

/// One bad command line: what it must print and how it must exit.
struct BadInput: Sendable, CustomTestStringConvertible {
    /// A short name for the test report.
    var name: String
    /// The command, run after `setup` with `--db ledger.sqlite` appended (unless `db` says otherwise).
    var arguments: [String]
    /// The exit status the README documents.
    var status: Int32
    /// The whole of stderr, without its `govledger: error: ` prefix and final newline.
    var message: String
    /// The field (option, argument or file) and the value the message must name.
    var field: String
    var value: String?
    /// Commands to run first, after `demo` built the ledger.
    var setup: [[String]] = []
    /// Files to create in the working directory first; a nil content makes a directory.
    var files: [String: String?] = [:]
    /// The ledger the command names; `nil` when it must not exist at all.
    var db: String? = "ledger.sqlite"
    /// FIFOs (named pipes) to create in the working directory first.
    var fifos: [String] = []

    var testDescription: String { name }
}

/// Bad input of every kind: exact one-line error, documented exit status, nothing on stdout, ledger untouched.
@Suite("Bad input")
struct BadInputTests {
    static let pursuit = ["add", "pursuit", "Agentforce for ICE", "--vendor", "Salesforce", "--agency", "ICE"]
    static let dateFormats = "YYYY, YYYY-MM, YYYY-MM-DD, an administration (obama) or a range A..B"
    static let amounts = "an amount like 1200, 1,200.50 or -35.10 (at most 2 decimals)"
    static let stages = "lead, pitched, responded, proposal, awarded, lost, withdrawn, cancelled, agreement"

    static let cases: [BadInput] = [
        // People and replies (docs/people-and-replies.md).
        BadInput(name: "unknown person", arguments: ["add", "event", "Meeting", "--on", "2025", "--person", "Nobody"], status: 4,
                 message: "unknown --person 'Nobody'", field: "--person", value: "Nobody"),
        BadInput(name: "reply to a missing request", arguments: ["reply", "99", "--on", "2026-01-01", "--declined"], status: 4,
                 message: "unknown request '99'", field: "request", value: "99"),
        BadInput(name: "two answers", arguments: ["reply", "1", "--on", "2026-01-01", "--declined"], status: 3,
                 message: "invalid request '1': expected a request with no answer yet; request 1 was answered (replied) on 2025-10",
                 field: "request", value: "1"),
        BadInput(name: "deadline before the ask", arguments: ["ask", "Salesforce", "--on", "2026-02-10", "--deadline", "2026-02-01"],
                 status: 3, message: "invalid --deadline '2026-02-01': expected a date on or after the request (2026-02-10)",
                 field: "--deadline", value: "2026-02-01"),
        BadInput(name: "declined with text", arguments: ["reply", "1", "--on", "2026-01-01", "--declined", "--text", "no"], status: 2,
                 message: "--text and --declined: an answer is one of --document, --text, --declined, --no-response",
                 field: "--declined", value: nil),
        BadInput(name: "a bare id as the party", arguments: ["ask", "3", "--on", "2026-01-01"], status: 3,
                 message: "invalid party '3': expected a name, or an id with --party vendor, agency or person", field: "party", value: "3"),
        BadInput(name: "unknown party", arguments: ["ask", "Nobody", "--on", "2026-01-01"], status: 4,
                 message: "unknown party 'Nobody'", field: "party", value: "Nobody"),
        BadInput(name: "role ending before it starts", arguments: ["add", "person", "X", "--role", "CEO", "--since", "2025", "--until", "2024"],
                 status: 3, message: "invalid --until '2024': expected a date on or after --since (2025)", field: "--until", value: "2024"),
        BadInput(name: "role options without --role", arguments: ["add", "person", "X", "--vendor", "Salesforce"], status: 2,
                 message: "--vendor describes a role: give --role too", field: "--vendor", value: nil),
        // The flag the user typed, not the library's name for it.
        BadInput(name: "unknown --written-by", arguments: ["add", "document", "Memo", "--written-by", "Nobody"], status: 4,
                 message: "unknown --written-by 'Nobody'", field: "--written-by", value: "Nobody"),
        // Every fiscal year a date can fall in filters; beyond them, a clean refusal.
        BadInput(name: "fiscal year beyond the dates", arguments: ["totals", "--by", "fiscal-year", "--fiscal-year", "10001"], status: 3,
                 message: "invalid --fiscal-year '10001': expected a fiscal year from 1000 to 10000, such as 2021",
                 field: "--fiscal-year", value: "10001"),
        // Bidirectional overrides would make a name display as another: refused, and escaped in the message.
        BadInput(name: "a right-to-left override in a vendor's name", arguments: ["add", "vendor", "Sales\u{202E}ecrof"], status: 3,
                 message: "invalid name 'Sales\\u{202e}ecrof': expected text without bidirectional control characters (U+202E)",
                 field: "name", value: "Sales\\u{202e}ecrof"),
        BadInput(name: "an isolate in a source's title", arguments: ["add", "source", "Memo \u{2066}x"], status: 3,
                 message: "invalid title 'Memo \\u{2066}x': expected text without bidirectional control characters (U+2066)",
                 field: "title", value: "Memo \\u{2066}x"),
        // A number too large for 64 bits is not a number ArgumentParser can read: a usage error (2), as `--page two`.
        BadInput(name: "search --limit beyond 64 bits", arguments: ["search", "ICE", "--limit", "99999999999999999999"], status: 2,
                 message: "The value '99999999999999999999' is invalid for '--limit <limit>'", field: "--limit",
                 value: "99999999999999999999"),
        BadInput(name: "diff --limit beyond 64 bits", arguments: ["diff", "100", "--limit", "99999999999999999999"], status: 2,
                 message: "The value '99999999999999999999' is invalid for '--limit <limit>'", field: "--limit",
                 value: "99999999999999999999"),
        // Dates.
        BadInput(name: "impossible day", arguments: pursuit + ["--on", "2025-02-30"], status: 3,
                 message: "invalid --on '2025-02-30': expected a day that exists in 2025-02", field: "--on", value: "2025-02-30"),
        BadInput(name: "month 13", arguments: pursuit + ["--on", "2025-13"], status: 3,
                 message: "invalid --on '2025-13': expected \(dateFormats)", field: "--on", value: "2025-13"),
        BadInput(name: "a word for a date", arguments: pursuit + ["--on", "yesterday"], status: 3,
                 message: "invalid --on 'yesterday': expected \(dateFormats)", field: "--on", value: "yesterday"),
        BadInput(name: "29 February in a common year, as a filter", arguments: ["list", "pursuits", "--since", "2025-02-29"],
                 status: 3, message: "invalid --since '2025-02-29': expected a day that exists in 2025-02",
                 field: "--since", value: "2025-02-29"),
        BadInput(name: "range backwards", arguments: ["stage", "1", "lost", "--on", "2025-10..2025-08"], status: 3,
                 message: "invalid --on '2025-10..2025-08': expected a range whose start is not after its end",
                 field: "--on", value: "2025-10..2025-08"),
        BadInput(name: "unknown administration", arguments: ["list", "awards", "--administration", "nixon"], status: 3,
                 message: "invalid administration 'nixon': expected one of clinton, bush, obama, trump-1, biden, trump-2",
                 field: "administration", value: "nixon"),
        // Amounts.
        BadInput(name: "decimal comma", arguments: pursuit + ["--on", "2025", "--value", "12,34"], status: 3,
                 message: "invalid --value '12,34': expected \(amounts)", field: "--value", value: "12,34"),
        BadInput(name: "currency symbol", arguments: pursuit + ["--on", "2025", "--value", "$5"], status: 3,
                 message: "invalid --value '$5': expected \(amounts)", field: "--value", value: "$5"),
        BadInput(name: "negative estimate", arguments: pursuit + ["--on", "2025", "--value=-5"], status: 3,
                 message: "invalid --value '-5': expected an amount that is not negative", field: "--value", value: "-5"),
        BadInput(name: "overflowing exponent", arguments: ["add", "award", "--vendor", "Salesforce", "--agency", "ICE",
                                                           "--obligated", "1e309"], status: 3,
                 message: "invalid --obligated '1e309': expected \(amounts)", field: "--obligated", value: "1e309"),
        BadInput(name: "bad currency", arguments: pursuit + ["--on", "2025", "--value", "5", "--currency", "dollars"], status: 3,
                 message: "invalid --currency 'dollars': expected a three-letter ISO 4217 code such as USD",
                 field: "--currency", value: "dollars"),
        // References.
        BadInput(name: "unknown vendor suggests the nearest", arguments: pursuit.replacing(["Salesforce"], with: ["Salesfroce"]) + ["--on", "2025"],
                 status: 4,
                 message: "unknown vendor 'Salesfroce'; did you mean 'Salesforce', 'Salesforce, Inc.', 'Salesforce.com, Inc.'?",
                 field: "vendor", value: "Salesfroce"),
        BadInput(name: "unknown vendor in a lead", arguments: ["lead", "Tip-line AI", "--vendor", "Slak", "--agency", "ICE"],
                 status: 4, message: "unknown vendor 'Slak'; did you mean 'Slack'?", field: "vendor", value: "Slak"),
        BadInput(name: "unknown agency parent suggests the nearest", arguments: ["add", "agency", "Office of Tips", "--parent", "Homeland"],
                 status: 4, message: "unknown parent 'Homeland'; did you mean 'Department of Homeland Security', 'Office of Homeland Security', 'Office of Homeland Security and Emergency Coordination'?",
                 field: "parent", value: "Homeland"),
        // Every ledger holds the agency reference: a second ICE is refused, naming the one there is.
        BadInput(name: "an agency code another agency has", arguments: ["add", "agency", "Immigration bureau", "--level", "subagency", "--subtier", "7012"],
                 status: 3, message: "invalid subtier '7012': expected a code no agency has; U.S. Immigration and Customs Enforcement (ICE) (agency 885) already has it, use that one",
                 field: "subtier", value: "7012"),
        BadInput(name: "an agency name another agency has at that level", arguments: ["add", "agency", "u.s. immigration and customs enforcement", "--level", "subagency"],
                 status: 3, message: "invalid name 'u.s. immigration and customs enforcement': expected a new agency; U.S. Immigration and Customs Enforcement (ICE) (agency 885) already has that name, use that one",
                 field: "name", value: "u.s. immigration and customs enforcement"),
        BadInput(name: "unknown pursuit id", arguments: ["show", "pursuit", "99"], status: 4,
                 message: "unknown pursuit '99'", field: "pursuit", value: "99"),
        BadInput(name: "unknown source", arguments: ["cite", "pursuit", "1", "--source", "99"], status: 4,
                 message: "unknown source '99'", field: "source", value: "99"),
        BadInput(name: "ambiguous vendor", arguments: ["list", "pursuits", "--vendor", "Salesforce"], status: 4,
                 message: "ambiguous vendor 'Salesforce': it matches 'Salesforce (vendor 1)', 'Salesforce Inc (vendor 9)'",
                 field: "vendor", value: "Salesforce", setup: [["add", "vendor", "Salesforce Inc", "--distinct"]]),
        BadInput(name: "ambiguous pursuit title", arguments: ["stage", "Same lead", "lost", "--on", "2025-12"], status: 4,
                 message: "ambiguous pursuit 'Same lead': it matches 'Same lead (pursuit 7)', 'Same lead (pursuit 8)'",
                 field: "pursuit", value: "Same lead",
                 setup: [["lead", "Same lead", "--vendor", "Salesforce", "--agency", "ICE", "--on", "2025-11"],
                         ["lead", "Same lead", "--vendor", "Salesforce", "--agency", "ICE", "--on", "2025-11"]]),
        // Correcting the record (docs/correcting.md): edit, retract, restore, merge, unmerge.
        BadInput(name: "edit: a field the kind does not have", arguments: ["edit", "vendor", "Salesforce", "--pages", "3"], status: 3,
                 message: "invalid --pages '3': expected a field of a vendor: name, alias, uei, parent, website, source",
                 field: "--pages", value: "3"),
        BadInput(name: "edit: --clear of a field the kind does not have", arguments: ["edit", "vendor", "Salesforce", "--clear", "nonsense"],
                 status: 3, message: "invalid --clear 'nonsense': expected a field of a vendor: name, alias, uei, parent, website, source",
                 field: "--clear", value: "nonsense"),
        BadInput(name: "edit: a retracted record", arguments: ["edit", "pursuit", "2", "--title", "X"], status: 3,
                 message: "invalid pursuit '2': expected a record that stands; pursuit 2 is retracted ('govledger restore pursuit 2' brings it back)",
                 field: "pursuit", value: "2", setup: [["retract", "pursuit", "2", "--reason", "not a lead"]]),
        BadInput(name: "edit: a single-valued field twice", arguments: ["edit", "pursuit", "1", "--title", "A", "--title", "B"], status: 3,
                 message: "invalid --title 'B': expected one value (--title was given twice)", field: "--title", value: "B"),
        BadInput(name: "edit: nothing to change", arguments: ["edit", "pursuit", "1"], status: 3,
                 message: "invalid edit 'pursuit': expected at least one --FIELD VALUE or --clear FIELD (a field of a pursuit: title, vendor, agency, kind, on, summary, solicitation, value, currency, source)",
                 field: "edit", value: "pursuit"),
        BadInput(name: "edit: clearing what a record must have", arguments: ["edit", "pursuit", "1", "--clear", "title"], status: 3,
                 message: "invalid --clear 'title': expected a field a pursuit can be without (it must have a title)",
                 field: "--clear", value: "title"),
        BadInput(name: "edit: a pursuit's stage", arguments: ["edit", "pursuit", "1", "--stage", "lost"], status: 3,
                 message: "invalid --stage 'lost': expected no stage: a pursuit's stage is its latest stage change's ('govledger stage', or 'edit stage-change')",
                 field: "--stage", value: "lost"),
        BadInput(name: "edit: an impossible date", arguments: ["edit", "solicitation", "1", "--posted", "2025-13"], status: 3,
                 message: "invalid --posted '2025-13': expected \(dateFormats)", field: "--posted", value: "2025-13"),
        BadInput(name: "edit: a decimal comma", arguments: ["edit", "award", "1", "--obligated", "12,34"], status: 3,
                 message: "invalid --obligated '12,34': expected \(amounts)", field: "--obligated", value: "12,34"),
        BadInput(name: "retract: no reason", arguments: ["retract", "pursuit", "1"], status: 2,
                 message: "Missing expected argument '--reason <reason>'", field: "--reason"),
        BadInput(name: "retract: already retracted", arguments: ["retract", "pursuit", "2", "--reason", "again"], status: 3,
                 message: "invalid pursuit '2': expected a record that stands; pursuit 2 is already retracted",
                 field: "pursuit", value: "2", setup: [["retract", "pursuit", "2", "--reason", "not a lead"]]),
        BadInput(name: "retract: a pursuit's only stage change", arguments: ["retract", "stage-change", "2", "--reason", "x"], status: 3,
                 message: "invalid stage-change '2': expected a stage change that is not its pursuit's only one; retract pursuit 2 instead",
                 field: "stage-change", value: "2"),
        BadInput(name: "retract: a vendor standing records name", arguments: ["retract", "vendor", "Salesforce", "--reason", "x"], status: 3,
                 message: "invalid vendor 'Salesforce': expected a vendor nothing standing names; vendor 1 has 2 pursuits, 2 awards, 1 subsidiaries (retract, edit or merge them first)",
                 field: "vendor", value: "Salesforce"),
        BadInput(name: "restore: a record that stands", arguments: ["restore", "pursuit", "1"], status: 3,
                 message: "invalid pursuit '1': expected a retracted record; pursuit 1 stands", field: "pursuit", value: "1"),
        BadInput(name: "show: a retracted record", arguments: ["show", "pursuit", "2"], status: 3,
                 message: "invalid pursuit '2': expected a record that stands; pursuit 2 is retracted ('govledger restore pursuit 2' brings it back)",
                 field: "pursuit", value: "2", setup: [["retract", "pursuit", "2", "--reason", "not a lead"]]),
        BadInput(name: "merge: a vendor into itself", arguments: ["merge", "vendor", "1", "--into", "1"], status: 3,
                 message: "invalid into '1': expected another vendor; vendor 1 (Salesforce) cannot be merged into itself",
                 field: "into", value: "1"),
        BadInput(name: "merge: two names of one vendor", arguments: ["merge", "vendor", "Salesforce", "--into", "1"], status: 3,
                 message: "invalid into '1': expected another vendor; 'Salesforce' and '1' are already one vendor, vendor 1 (Salesforce)",
                 field: "into", value: "1"),
        BadInput(name: "merge: a vendor into its own subsidiary", arguments: ["merge", "vendor", "Salesforce", "--into", "Slack"], status: 3,
                 message: "invalid into 'Slack': expected a vendor outside vendor 1 (Salesforce)'s own family; vendor 2 (Slack Technologies) is beneath it (merge the other way)",
                 field: "into", value: "Slack"),
        BadInput(name: "merge: a cycle (back into the vendor merged away)", arguments: ["merge", "vendor", "IBM", "--into", "Palantir"], status: 3,
                 message: "invalid into 'Palantir': expected another vendor; 'IBM' and 'Palantir' are already one vendor, vendor 5 (IBM)",
                 field: "into", value: "Palantir", setup: [["merge", "vendor", "Palantir", "--into", "IBM"]]),
        BadInput(name: "merge: two different parents", arguments: ["merge", "vendor", "Slack Federal", "--into", "Slack"], status: 3,
                 message: "invalid into 'Slack': expected a vendor with the same parent, or --parent-from from|into; vendor 9 (Slack Federal) has parent vendor 5 (IBM), vendor 2 (Slack Technologies) has vendor 1 (Salesforce)",
                 field: "into", value: "Slack", setup: [["add", "vendor", "Slack Federal", "--parent", "IBM"]]),
        BadInput(name: "merge: an unknown --parent-from", arguments: ["merge", "vendor", "Palantir", "--into", "IBM", "--parent-from", "nobody"],
                 status: 3, message: "invalid --parent-from 'nobody': expected one of from, into", field: "--parent-from", value: "nobody"),
        BadInput(name: "merge: a kind that does not merge", arguments: ["merge", "pursuit", "1", "--into", "2"], status: 3,
                 message: "invalid kind 'pursuit': expected vendor or agency", field: "kind", value: "pursuit"),
        BadInput(name: "unmerge: a vendor never merged", arguments: ["unmerge", "vendor", "3"], status: 3,
                 message: "invalid vendor '3': expected a merged vendor; vendor 3 is not merged", field: "vendor", value: "3"),
        // One vendor, one record; repeatable options keep every value, single-valued ones refuse a second.
        BadInput(name: "add vendor: a name another vendor goes by", arguments: ["add", "vendor", "salesforce.com, inc"], status: 3,
                 message: "invalid name 'salesforce.com, inc': expected a new vendor; Salesforce (vendor 1) already goes by that name, use that one (or --distinct if they really are different companies)",
                 field: "name", value: "salesforce.com, inc"),
        BadInput(name: "add vendor: a UEI another vendor has", arguments: ["add", "vendor", "Big Blue", "--uei", "ABCDEFGHIJKL"], status: 3,
                 message: "invalid uei 'ABCDEFGHIJKL': expected a UEI no vendor has; IBM (vendor 5) already has it, use that one",
                 field: "uei", value: "ABCDEFGHIJKL", setup: [["edit", "vendor", "IBM", "--uei", "ABCDEFGHIJKL"]]),
        BadInput(name: "a single-valued option given twice", arguments: ["lead", "x", "--vendor", "Salesforce", "--vendor", "Slack", "--agency", "ICE"],
                 status: 2, message: "--vendor given twice ('Salesforce', then 'Slack'): it takes one value", field: "--vendor", value: "Slack"),
        // Vocabularies.
        BadInput(name: "unknown stage", arguments: ["stage", "1", "flying", "--on", "2025-12"], status: 3,
                 message: "invalid stage 'flying': expected one of \(stages)", field: "stage", value: "flying"),
        BadInput(name: "unknown --stage", arguments: pursuit + ["--on", "2025", "--stage", "nope"], status: 3,
                 message: "invalid --stage 'nope': expected one of \(stages)", field: "--stage", value: "nope"),
        BadInput(name: "unknown kind for list", arguments: ["list", "widgets"], status: 3,
                 message: "invalid kind 'widgets': expected one of agency, vendor, source, solicitation, pursuit, stage-change, document, award, event, person, request",
                 field: "kind", value: "widgets"),
        BadInput(name: "a document kind for pursuits", arguments: ["list", "pursuits", "--kind", "memo"], status: 3,
                 message: "invalid kind 'memo': expected one of hiring-recruitment, investigations-tips, software-licensing, discount-agreement, cloud-services, data-analytics, case-management, professional-services, other",
                 field: "kind", value: "memo"),
        BadInput(name: "inapplicable filter", arguments: ["list", "awards", "--stage", "lead"], status: 3,
                 message: "invalid --stage 'lead': expected a filter that applies to awards", field: "--stage", value: "lead"),
        BadInput(name: "inapplicable date filter", arguments: ["list", "vendors", "--since", "2025"], status: 3,
                 message: "invalid --since '2025': expected a filter that applies to vendors", field: "--since", value: "2025"),
        BadInput(name: "unknown list format", arguments: ["list", "pursuits", "--format", "xml"], status: 3,
                 message: "invalid --format 'xml': expected table, json, csv or nl", field: "--format", value: "xml"),
        BadInput(name: "unknown report format", arguments: ["report", "--format", "pdf"], status: 3,
                 message: "invalid --format 'pdf': expected md, json or html", field: "--format", value: "pdf"),
        // Text.
        BadInput(name: "empty name", arguments: ["add", "vendor", ""], status: 3,
                 message: "invalid name '': expected a non-empty value", field: "name", value: "''"),
        BadInput(name: "whitespace-only title", arguments: ["add", "document", " \t "], status: 3,
                 message: "invalid title ' \\t ': expected a non-empty value", field: "title", value: "\\t"),
        BadInput(name: "control character in a name", arguments: ["add", "vendor", "Sales\u{1}force"], status: 3,
                 message: "invalid name 'Sales\\u{1}force': expected text without control characters",
                 field: "name", value: "Sales\\u{1}force"),
        BadInput(name: "newline in a title", arguments: ["lead", "Two\nlines", "--vendor", "Salesforce", "--agency", "ICE"],
                 status: 3, message: "invalid text 'Two\\nlines': expected text without control characters",
                 field: "text", value: "Two\\nlines"),
        BadInput(name: "NUL in a loaded vendor name", arguments: ["load", "nul.json"], status: 6,
                 message: "'nul.json': invalid vendors[id 1].name 'Sales\\u{0}force': expected text without control characters",
                 field: "vendors[id 1].name", value: "Sales\\u{0}force",
                 files: ["nul.json": #"{"format": "govledger", "version": 1, "vendors": [{"id": 1, "name": "Sales\u0000force", "aliases": []}]}"#]),
        BadInput(name: "NUL in a loaded alias", arguments: ["load", "alias.json"], status: 6,
                 message: "'alias.json': invalid vendors[id 1].aliases 'Oracle\\u{0}': expected text without control characters",
                 field: "vendors[id 1].aliases", value: "Oracle\\u{0}",
                 files: ["alias.json": #"{"format": "govledger", "version": 1, "vendors": [{"id": 1, "name": "Oracle", "aliases": ["Oracle\u0000"]}]}"#]),
        BadInput(name: "zero pages", arguments: ["add", "document", "Memo", "--pages", "0"], status: 3,
                 message: "invalid pages '0': expected a number above 0", field: "pages", value: "0"),
        BadInput(name: "short UEI", arguments: ["add", "vendor", "Oracle", "--uei", "short"], status: 3,
                 message: "invalid uei 'short': expected a 12-character SAM.gov UEI", field: "uei", value: "short"),
        BadInput(name: "nothing to search for", arguments: ["search", "\"!?"], status: 3,
                 message: "invalid text '\"!?': expected at least one word to search for", field: "text", value: "\"!?"),
        // Output files.
        BadInput(name: "report over the ledger", arguments: ["report", "-o", "ledger.sqlite"], status: 3,
                 message: "invalid --output 'ledger.sqlite': expected a path other than the ledger itself",
                 field: "--output", value: "ledger.sqlite"),
        BadInput(name: "export over the ledger", arguments: ["export", "json", "--output", "./ledger.sqlite"], status: 3,
                 message: "invalid --output './ledger.sqlite': expected a path other than the ledger itself",
                 field: "--output", value: "./ledger.sqlite"),
        // Ledgers.
        BadInput(name: "missing ledger", arguments: ["list", "pursuits", "--db", "missing.sqlite"], status: 5,
                 message: "ledger 'missing.sqlite': no ledger here; create one with 'govledger init'",
                 field: "ledger", value: "missing.sqlite", db: nil),
        BadInput(name: "a text file as the ledger", arguments: ["list", "pursuits", "--db", "notes.txt"], status: 5,
                 message: "ledger 'notes.txt': not a GovLedger ledger (file is not a database)",
                 field: "ledger", value: "notes.txt", files: ["notes.txt": "not a database, just notes\n"], db: nil),
        BadInput(name: "a directory as the ledger", arguments: ["add", "vendor", "Oracle", "--db", "somedir"], status: 5,
                 message: "ledger 'somedir': is a directory", field: "ledger", value: "somedir",
                 files: ["somedir": nil], db: nil),
        BadInput(name: "demo onto an existing ledger", arguments: ["demo"], status: 5,
                 message: "ledger 'ledger.sqlite': a file already exists there", field: "ledger", value: "ledger.sqlite"),
        // Input files.
        BadInput(name: "load a missing file", arguments: ["load", "missing.json"], status: 6,
                 message: "'missing.json': no such file", field: "'missing.json'", value: nil),
        BadInput(name: "load a directory", arguments: ["load", "adir"], status: 6,
                 message: "'adir': is a directory", field: "'adir'", value: nil, files: ["adir": nil]),
        BadInput(name: "load invalid JSON", arguments: ["load", "bad.json"], status: 6,
                 message: "'bad.json': the top level: The given data was not valid JSON.", field: "'bad.json'", value: nil,
                 files: ["bad.json": #"{"format": "govledger", "version": 1, "vendors": ["#]),
        BadInput(name: "load a file of another format", arguments: ["load", "other.json"], status: 6,
                 message: "'other.json': not a GovLedger file of version 1 (format 'ledgerly', version 1)",
                 field: "'other.json'", value: "ledgerly", files: ["other.json": #"{"format": "ledgerly", "version": 1}"#]),
        BadInput(name: "load a dangling reference, after a good file", arguments: ["load", "good.json", "dangling.json"], status: 6,
                 message: "'dangling.json': pursuits[0].vendor_id: 99 names no vendor in the file",
                 field: "pursuits[0].vendor_id", value: "99",
                 files: ["good.json": #"{"format": "govledger", "version": 1, "vendors": [{"id": 1, "name": "Oracle", "aliases": []}]}"#,
                         "dangling.json": #"{"format": "govledger", "version": 1, "agencies": [{"id": 1, "name": "Bureau of Tips", "level": "department"}], "pursuits": [{"id": 1, "vendor_id": 99, "agency_id": 1, "title": "Orphan", "kind": "other", "stage": "lead", "date": "2026"}]}"#]),
        // Usage errors (ArgumentParser): exit 2, still one line.
        BadInput(name: "missing required option", arguments: pursuit, status: 2,
                 message: "Missing expected argument '--on <on>'", field: "--on", value: nil),
        BadInput(name: "unknown option", arguments: ["list", "pursuits", "--colour", "red"], status: 2,
                 message: "Unknown option '--colour'", field: "--colour", value: nil),
        BadInput(name: "unknown subcommand", arguments: ["frobnicate"], status: 2,
                 message: "Unexpected argument 'frobnicate'", field: "frobnicate", value: nil, db: nil),
        BadInput(name: "load with no files", arguments: ["load"], status: 2,
                 message: "Missing expected argument '<files> ...'", field: "<files>", value: nil),
        BadInput(name: "a page that is not a number", arguments: ["cite", "pursuit", "1", "--source", "1", "--page", "two"],
                 status: 2, message: "The value 'two' is invalid for '--page <page>'", field: "--page", value: "two"),
        // Importers: a file that cannot be read, or any rejected row, changes nothing (exit 6, one line).
        BadInput(name: "usaspending: missing required column", arguments: ["import", "usaspending", "nocol.csv"], status: 6,
                 message: "'nocol.csv' row 1: missing required column recipient_name", field: "'nocol.csv'",
                 value: "recipient_name", files: ["nocol.csv": "contract_award_unique_key,awarding_agency_code\nK1,070\n"]),
        BadInput(name: "usaspending: ragged rows", arguments: ["import", "usaspending", "ragged.csv"], status: 6,
                 message: "'ragged.csv' row 3: has 2 fields; the header has 3 (and 1 more rejected row); nothing imported (--skip-rejected imports the others)",
                 field: "'ragged.csv'", value: "row 3",
                 files: ["ragged.csv": "contract_award_unique_key,recipient_name,awarding_agency_code\nK1,Acme,070\nK2,Acme\nK3\n"]),
        BadInput(name: "usaspending: truncated last line", arguments: ["import", "usaspending", "truncated.csv"], status: 6,
                 message: "'truncated.csv' row 3: has 2 fields; the header has 3; nothing imported (--skip-rejected imports the others)",
                 field: "'truncated.csv'", value: "row 3",
                 files: ["truncated.csv": "contract_award_unique_key,recipient_name,awarding_agency_code\nK1,Acme,070\nK2,Ac"]),
        BadInput(name: "usaspending: unterminated quote", arguments: ["import", "usaspending", "quote.csv"], status: 6,
                 message: "'quote.csv' row 2: a quoted field is never closed", field: "'quote.csv'", value: "row 2",
                 files: ["quote.csv": "contract_award_unique_key,recipient_name,awarding_agency_code\nK1,\"Acme,070\nK2,Acme,070\n"]),
        BadInput(name: "usaspending: not UTF-8", arguments: ["import", "usaspending", Package.root.appendingPathComponent("Tests/data/usaspending/latin1.csv").path],
                 status: 6, message: "'\(Package.root.appendingPathComponent("Tests/data/usaspending/latin1.csv").path)' row 2: is not UTF-8 text",
                 field: "latin1.csv", value: "row 2"),
        BadInput(name: "usaspending: empty file", arguments: ["import", "usaspending", "empty.csv"], status: 6,
                 message: "'empty.csv': is empty", field: "'empty.csv'", value: nil, files: ["empty.csv": ""]),
        BadInput(name: "usaspending: a directory", arguments: ["import", "usaspending", "csvdir"], status: 6,
                 message: "'csvdir': is a directory", field: "'csvdir'", value: nil, files: ["csvdir": nil]),
        BadInput(name: "usaspending: a missing file", arguments: ["import", "usaspending", "missing.csv"], status: 6,
                 message: "'missing.csv': no such file", field: "'missing.csv'", value: nil),
        BadInput(name: "sam: missing required column", arguments: ["import", "sam", "sam-nocol.csv"], status: 6,
                 message: "'sam-nocol.csv' row 1: missing required column CGAC", field: "'sam-nocol.csv'", value: "CGAC",
                 files: ["sam-nocol.csv": "\"NoticeId\",\"Title\",\"Type\"\r\n\"n1\",\"x\",\"Sources Sought\"\r\n"]),
        BadInput(name: "sam: ragged rows", arguments: ["import", "sam", "sam-ragged.csv"], status: 6,
                 message: "'sam-ragged.csv' row 3: has 2 fields; the header has 4 (and 1 more rejected row); nothing imported (--skip-rejected imports the others)",
                 field: "'sam-ragged.csv'", value: "row 3",
                 files: ["sam-ragged.csv": "NoticeId,Title,Type,CGAC\r\nn1,x,Sources Sought,070\r\nn2,y\r\nn3\r\n"]),
        BadInput(name: "sam: truncated last line", arguments: ["import", "sam", "sam-truncated.csv"], status: 6,
                 message: "'sam-truncated.csv' row 3: has 3 fields; the header has 4; nothing imported (--skip-rejected imports the others)",
                 field: "'sam-truncated.csv'", value: "row 3",
                 files: ["sam-truncated.csv": "NoticeId,Title,Type,CGAC\r\nn1,x,Sources Sought,070\r\nn2,y,Sou"]),
        BadInput(name: "sam: unterminated quote", arguments: ["import", "sam", "sam-quote.csv"], status: 6,
                 message: "'sam-quote.csv' row 2: a quoted field is never closed", field: "'sam-quote.csv'", value: "row 2",
                 files: ["sam-quote.csv": "NoticeId,Title,Type,CGAC\r\n\"n1,x,Sources Sought,070\r\n"]),
        BadInput(name: "sam: UTF-16 (NUL bytes)", arguments: ["import", "sam", "sam-utf16.csv"], status: 6,
                 message: "'sam-utf16.csv' row 1: holds a NUL byte: not a text CSV file (UTF-16, or binary data?)",
                 field: "'sam-utf16.csv'", value: "NUL",
                 files: ["sam-utf16.csv": "N\u{0}o\u{0}t\u{0}i\u{0}c\u{0}e\u{0}I\u{0}d\u{0},\u{0}T\u{0}i\u{0}t\u{0}l\u{0}e\u{0}\r\u{0}\n\u{0}"]),
        BadInput(name: "sam: a bad date after a good row (streamed: the good row is not kept either)",
                 arguments: ["import", "sam", "sam-date.csv"], status: 6,
                 message: "'sam-date.csv' row 3: invalid PostedDate '2025-02-30': expected a date like 2025-08-26, 2025-08-26T10:30:00-04:00 or 8/26/2025; nothing imported (--skip-rejected imports the others)",
                 field: "'sam-date.csv'", value: "2025-02-30",
                 files: ["sam-date.csv": "NoticeId,Title,Type,CGAC,PostedDate\r\nn1,x,Sources Sought,070,2025-02-01\r\nn2,y,Sources Sought,070,2025-02-30\r\n"]),
        BadInput(name: "sam: a bad amount in an award notice after a good one",
                 arguments: ["import", "sam", "sam-amount.csv"], status: 6,
                 message: "'sam-amount.csv' row 3: invalid Award$ '12,34': expected an amount like 1234.56, 1,234.56 or $1,234.56 (at most 2 decimals); nothing imported (--skip-rejected imports the others)",
                 field: "'sam-amount.csv'", value: "12,34",
                 files: ["sam-amount.csv": "NoticeId,Title,Type,CGAC,Awardee,Award$\r\nn1,x,Award Notice,070,Acme,$5\r\nn2,y,Award Notice,070,Acme,\"12,34\"\r\n"]),
        BadInput(name: "sam: empty file", arguments: ["import", "sam", "sam-empty.csv"], status: 6,
                 message: "'sam-empty.csv': is empty", field: "'sam-empty.csv'", value: nil, files: ["sam-empty.csv": ""]),
        BadInput(name: "sam: a directory", arguments: ["import", "sam", "samdir"], status: 6,
                 message: "'samdir': is a directory", field: "'samdir'", value: nil, files: ["samdir": nil]),
        BadInput(name: "sam: a missing file", arguments: ["import", "sam", "missing-sam.csv"], status: 6,
                 message: "'missing-sam.csv': no such file", field: "'missing-sam.csv'", value: nil),        // Issue 14: what someone set out to break the importers with (each failed before its fix).
        BadInput(name: "usaspending: /dev/zero (never ends)", arguments: ["import", "usaspending", "/dev/zero"], status: 6,
                 message: "'/dev/zero': is not a regular file (a device, FIFO or socket): save it to a file and import that",
                 field: "'/dev/zero'", value: nil),
        BadInput(name: "sam: /dev/zero", arguments: ["import", "sam", "/dev/zero"], status: 6,
                 message: "'/dev/zero': is not a regular file (a device, FIFO or socket): save it to a file and import that",
                 field: "'/dev/zero'", value: nil),
        BadInput(name: "load: /dev/zero", arguments: ["load", "/dev/zero"], status: 6,
                 message: "'/dev/zero': is not a regular file (a device, FIFO or socket): save it to a file and import that",
                 field: "'/dev/zero'", value: nil),
        BadInput(name: "usaspending: a FIFO (would block)", arguments: ["import", "usaspending", "pipe.csv"], status: 6,
                 message: "'pipe.csv': is not a regular file (a device, FIFO or socket): save it to a file and import that",
                 field: "'pipe.csv'", value: nil, fifos: ["pipe.csv"]),
        BadInput(name: "usaspending: a 20-digit amount (trapped in the cents fast path)",
                 arguments: ["import", "usaspending", "big.csv"], status: 6,
                 message: "'big.csv' row 2: invalid total_obligated_amount '99999999999999999999': expected an amount within ±92,233,720,368,547,758.07; nothing imported (--skip-rejected imports the others)",
                 field: "total_obligated_amount", value: "99999999999999999999",
                 files: ["big.csv": "contract_award_unique_key,recipient_name,awarding_agency_code,total_obligated_amount\nK1,ACME,070,99999999999999999999\n"]),
        BadInput(name: "usaspending: transactions summing past 64-bit cents (wrapped)",
                 arguments: ["import", "usaspending", "tx.csv"], status: 6,
                 message: "'tx.csv' row 3: invalid federal_action_obligation '92233720368547758.07': expected an amount whose sum with the award's earlier transactions (92233720368547758.07) fits in 64-bit cents (±92,233,720,368,547,758.07); nothing imported (--skip-rejected imports the others)",
                 field: "federal_action_obligation", value: "92233720368547758.07",
                 files: ["tx.csv": "contract_award_unique_key,recipient_name,awarding_agency_code,federal_action_obligation\nK1,ACME,070,92233720368547758.07\nK1,ACME,070,92233720368547758.07\nK1,ACME,070,-5\n"]),
        BadInput(name: "usaspending: a DUNS number of ten digits", arguments: ["import", "usaspending", "duns.csv"], status: 6,
                 message: "'duns.csv' row 2: invalid recipient_duns '1234567890': expected a 9-digit DUNS number; nothing imported (--skip-rejected imports the others)",
                 field: "recipient_duns", value: "1234567890",
                 files: ["duns.csv": "contract_award_unique_key,recipient_name,recipient_duns,awarding_agency_code,total_obligated_amount\nK1,ACME,1234567890,070,5\n"]),
        BadInput(name: "usaspending: a transaction filed under a second award",
                 arguments: ["import", "usaspending", "moved.csv"], status: 6,
                 message: "'moved.csv' row 3: invalid contract_transaction_unique_key 'T1': expected a transaction of award 'K2' (the ledger has it under award 'K1'); nothing imported (--skip-rejected imports the others)",
                 field: "contract_transaction_unique_key", value: "T1",
                 files: ["moved.csv": "contract_transaction_unique_key,contract_award_unique_key,recipient_name,awarding_agency_code,federal_action_obligation,action_date\nT1,K1,ACME,070,5,2016-05-01\nT1,K2,ACME,070,5,2016-05-01\n"]),
        BadInput(name: "usaspending: digits glued to a day (read as the day)", arguments: ["import", "usaspending", "glued.csv"],
                 status: 6,
                 message: "'glued.csv' row 2: invalid action_date '2025-08-261234': expected a date like 2025-08-26, 2025-08-26T10:30:00-04:00 or 8/26/2025; nothing imported (--skip-rejected imports the others)",
                 field: "action_date", value: "2025-08-261234",
                 files: ["glued.csv": "contract_award_unique_key,recipient_name,awarding_agency_code,action_date\nK1,ACME,070,2025-08-261234\n"]),
        BadInput(name: "usaspending: a letters-only CGAC (exit 3, no row)", arguments: ["import", "usaspending", "abc.csv"], status: 6,
                 message: "'abc.csv' row 2: invalid awarding_agency_code 'ABC': expected a 3-digit CGAC or 4-digit FREC agency code (070, 1100); nothing imported (--skip-rejected imports the others)",
                 field: "awarding_agency_code", value: "ABC", files: ["abc.csv": "contract_award_unique_key,recipient_name,awarding_agency_code\nK1,ACME,ABC\n"]),
        BadInput(name: "usaspending: a parent cycle across rows (exit 3, no row)", arguments: ["import", "usaspending", "cycle.csv"],
                 status: 6,
                 message: "'cycle.csv' row 3: invalid recipient_parent_name 'Alpha Corp': expected a parent that is not 'Beta Corp''s own subsidiary (an earlier row made it one: the parent link would form a cycle); nothing imported (--skip-rejected imports the others)",
                 field: "recipient_parent_name", value: "Alpha Corp",
                 files: ["cycle.csv": "contract_award_unique_key,recipient_name,recipient_parent_name,awarding_agency_code\nK1,Alpha Corp,Beta Corp,070\nK2,Beta Corp,Alpha Corp,070\n"]),
        BadInput(name: "usaspending: ESC in an agency name (reached terminals)", arguments: ["import", "usaspending", "esc.csv"],
                 status: 6,
                 message: "'esc.csv' row 2: invalid awarding_agency_name 'Evil\\u{1b}[31mRED': expected text without control characters; nothing imported (--skip-rejected imports the others)",
                 field: "awarding_agency_name", value: nil,
                 files: ["esc.csv": "contract_award_unique_key,recipient_name,awarding_agency_code,awarding_agency_name\nK1,ACME,777,Evil\u{1B}[31mRED\n"]),
        BadInput(name: "usaspending: a 60,000-character agency name", arguments: ["import", "usaspending", "long.csv"], status: 6,
                 message: "'long.csv' row 2: invalid awarding_agency_name '" + String(repeating: "A", count: 80) + "…' (60000 characters): expected at most 1000 characters; nothing imported (--skip-rejected imports the others)",
                 field: "awarding_agency_name", value: nil,
                 files: ["long.csv": "contract_award_unique_key,recipient_name,awarding_agency_code,awarding_agency_name\nK1,ACME,777," + String(repeating: "A", count: 60_000) + "\n"]),
        BadInput(name: "--as with a newline (went into the journal)", arguments: ["add", "vendor", "Someone New", "--as", "bob\nEVIL"],
                 status: 3, message: "invalid actor (--as, $GOVLEDGER_ACTOR) 'bob\\nEVIL': expected text without control characters",
                 field: "--as", value: nil),
        BadInput(name: "--as of 100,000 characters", arguments: ["add", "vendor", "Someone New", "--as", String(repeating: "b", count: 100_000)],
                 status: 3, message: "invalid actor (--as, $GOVLEDGER_ACTOR) '" + String(repeating: "b", count: 80) + "…' (100000 characters): expected at most 1000 characters",
                 field: "--as", value: nil),
        BadInput(name: "a duplicate award key names the value", arguments: ["add", "award", "--vendor", "Salesforce", "--agency", "ICE", "--key", "K-DUP"],
                 status: 3, message: "refused: awards.award_key 'K-DUP' is already in the ledger (UNIQUE constraint failed: awards.award_key)",
                 field: "award_key", value: "K-DUP",
                 setup: [["add", "award", "--vendor", "Salesforce", "--agency", "ICE", "--key", "K-DUP"]]),
        // diff (docs/diff-and-watch.md).
        BadInput(name: "diff: SEQ beyond the head", arguments: ["diff", "200"], status: 3,
                 message: "invalid SEQ '200': expected a journal entry from 0 to the head, 120", field: "SEQ", value: "200"),
        BadInput(name: "diff: SEQ that is not a number", arguments: ["diff", "latest"], status: 3,
                 message: "invalid SEQ 'latest': expected a journal sequence number", field: "SEQ", value: "latest"),
        BadInput(name: "diff: a published head whose hash is not the journal's", arguments: ["diff", "120", "00ff"], status: 1,
                 message: "the journal does not match the published head: journal 120: the published head 00ff is not part of this journal",
                 field: "published head", value: "00ff"),
        BadInput(name: "diff: HASH with SEQ beyond the head", arguments: ["diff", "121", "00ff"], status: 3,
                 message: "invalid SEQ '121': expected a journal entry from 1 to the head, 120", field: "SEQ", value: "121"),
        BadInput(name: "diff: a negative --limit", arguments: ["diff", "100", "--limit=-1"], status: 3,
                 message: "invalid --limit '-1': expected 0 or more records", field: "--limit", value: "-1"),
        BadInput(name: "diff: --since a day that does not exist", arguments: ["diff", "--since", "2025-02-30"], status: 3,
                 message: "invalid --since '2025-02-30': expected a day that exists in 2025-02", field: "--since", value: "2025-02-30"),
        BadInput(name: "diff: an unknown --format", arguments: ["diff", "100", "--format", "xml"], status: 3,
                 message: "invalid --format 'xml': expected table, json, csv, nl or md", field: "--format", value: "xml"),
        // Connecting the record (docs/correcting.md): families, match, judge, link.
        BadInput(name: "--vendor: words that pick out several unrelated families", arguments: ["list", "pursuits", "--vendor", "Acme"],
                 status: 4, message: "ambiguous vendor 'Acme': it matches 'Acme Rockets (vendor 9)', 'Acme Anvils (vendor 10)'",
                 field: "vendor", value: "Acme", setup: [["add", "vendor", "Acme Rockets"], ["add", "vendor", "Acme Anvils"]]),
        BadInput(name: "judge: a missing vendor", arguments: ["judge", "Nobody Inc", "Salesforce", "different"], status: 4,
                 message: "unknown vendor 'Nobody Inc'", field: "vendor", value: "Nobody Inc"),
        BadInput(name: "judge: a vendor against itself", arguments: ["judge", "Salesforce", "salesforce.com", "same"], status: 3,
                 message: "invalid vendor 'salesforce.com': expected another vendor; 'Salesforce' and 'salesforce.com' are already one vendor, vendor 1 (Salesforce)",
                 field: "vendor", value: "salesforce.com"),
        BadInput(name: "judge: an unknown verdict", arguments: ["judge", "IBM", "Palantir", "maybe"], status: 3,
                 message: "invalid verdict 'maybe': expected one of same, different, unsure", field: "verdict", value: "maybe"),
        BadInput(name: "judge same: into its own subsidiary", arguments: ["judge", "Salesforce", "Slack", "same"], status: 3,
                 message: "invalid into 'Slack': expected a vendor outside vendor 1 (Salesforce)'s own family; vendor 2 (Slack Technologies) is beneath it (merge the other way)",
                 field: "into", value: "Slack"),
        BadInput(name: "match: a kind that does not match", arguments: ["match", "pursuits"], status: 3,
                 message: "invalid kind 'pursuits': expected vendors", field: "kind", value: "pursuits"),
        BadInput(name: "match: a score out of range", arguments: ["match", "vendors", "--min-score", "101"], status: 3,
                 message: "invalid --min-score '101': expected a score from 0 to 100", field: "--min-score", value: "101"),
        BadInput(name: "link: a missing pursuit", arguments: ["link", "award", "3", "--pursuit", "99"], status: 4,
                 message: "unknown pursuit '99'", field: "pursuit", value: "99"),
        BadInput(name: "link: a retracted record", arguments: ["link", "award", "4", "--pursuit", "1"], status: 3,
                 message: "invalid award '4': expected a record that stands; award 4 is retracted ('govledger restore award 4' brings it back)",
                 field: "award", value: "4", setup: [["retract", "award", "4", "--reason", "not Microsoft's"]]),
        BadInput(name: "link: to a retracted pursuit", arguments: ["link", "award", "3", "--pursuit", "4"], status: 3,
                 message: "invalid pursuit '4': expected a record that stands; pursuit 4 is retracted ('govledger restore pursuit 4' brings it back)",
                 field: "pursuit", value: "4", setup: [["retract", "pursuit", "4", "--reason", "no such deal"]]),
        BadInput(name: "link: an award already won by another pursuit", arguments: ["link", "award", "3", "--pursuit", "1"], status: 3,
                 message: "invalid --pursuit '1': expected no other pursuit; award 3 is linked to pursuit 2 (Salesforce AI agents for ICE's tip line and investigations) ('govledger unlink award 3 --pursuit 2' first)",
                 field: "--pursuit", value: "1", setup: [["link", "award", "3", "--pursuit", "2"]]),
        BadInput(name: "link: what is linked already", arguments: ["link", "document", "1", "--vendor", "Salesforce"], status: 3,
                 message: "invalid --vendor 'Salesforce': expected something document 1 (Salesforce memo on helping ICE with \"talent acquisition\") is not linked to yet; it is already linked to vendor 1 (Salesforce)",
                 field: "--vendor", value: "Salesforce"),
        BadInput(name: "link: a target the kind does not take", arguments: ["link", "award", "1", "--vendor", "Slack"], status: 3,
                 message: "invalid --vendor 'Slack': expected for awards one of --pursuit, --solicitation", field: "--vendor", value: "Slack"),
        BadInput(name: "link: no target", arguments: ["link", "award", "1"], status: 2,
                 message: "name what to link: --pursuit, --solicitation, --vendor or --agency", field: "--pursuit", value: nil),
        BadInput(name: "unlink: what is not linked", arguments: ["unlink", "document", "1", "--vendor", "Microsoft"], status: 3,
                 message: "invalid --vendor 'Microsoft': expected something document 1 (Salesforce memo on helping ICE with \"talent acquisition\") is linked to; it is not linked to vendor 4 (Microsoft)",
                 field: "--vendor", value: "Microsoft"),
        BadInput(name: "unlink: an award from a pursuit it is not linked to", arguments: ["unlink", "award", "3", "--pursuit", "2"], status: 3,
                 message: "invalid --pursuit '2': expected the pursuit award 3 is linked to; it is linked to no pursuit",
                 field: "--pursuit", value: "2"),
        BadInput(name: "edit vendor: a name another vendor goes by", arguments: ["edit", "vendor", "IBM", "--name", "Salesforce.com"], status: 3,
                 message: "invalid name 'Salesforce.com': expected a new vendor; Salesforce (vendor 1) already goes by that name, use that one (or --distinct if they really are different companies)",
                 field: "name", value: "Salesforce.com"),
        // The evidence locker, tags and notes (docs/evidence.md).
        BadInput(name: "attach a file that does not exist", arguments: ["attach", "1", "nope.pdf"], status: 6,
                 message: "'nope.pdf': no such file", field: "nope.pdf"),
        BadInput(name: "attach a directory", arguments: ["attach", "1", "folder"], status: 6,
                 message: "'folder': is a directory", field: "folder", files: ["folder": nil]),
        BadInput(name: "attach to an unknown document", arguments: ["attach", "99", "memo.pdf"], status: 4,
                 message: "unknown document '99'", field: "document", value: "99", files: ["memo.pdf": "%PDF-1.4\n"]),
        BadInput(name: "attach the same bytes twice to one document", arguments: ["attach", "1", "copy.pdf"], status: 3,
                 message: "invalid FILE 'copy.pdf': expected a file not yet attached to document 1 (the same bytes are attached as 'memo.pdf')",
                 field: "FILE", value: "copy.pdf", setup: [["attach", "1", "memo.pdf"]],
                 files: ["memo.pdf": "%PDF-1.4\n", "copy.pdf": "%PDF-1.4\n"]),
        BadInput(name: "extract over a file that exists", arguments: ["extract", "1"], status: 3,
                 message: "invalid --output './memo.pdf': expected a folder where no file of that name exists (or --force to replace it)",
                 field: "--output", value: "./memo.pdf", setup: [["attach", "1", "memo.pdf"]], files: ["memo.pdf": "%PDF-1.4\n"]),
        BadInput(name: "extract a document without files", arguments: ["extract", "2"], status: 3,
                 message: "invalid DOCUMENT '2': expected a document with files attached (attach them with 'govledger attach')",
                 field: "DOCUMENT", value: "2"),
        // An output that cannot be written is exit 6 (README), as for `-o` elsewhere; a file where a folder goes is a bad value.
        BadInput(name: "extract into a folder that does not exist", arguments: ["extract", "1", "-o", "nowhere"], status: 6,
                 message: "'nowhere': cannot write the files: no such directory (--output)", field: "--output", value: "nowhere",
                 setup: [["attach", "1", "memo.pdf"]], files: ["memo.pdf": "%PDF-1.4\n"]),
        BadInput(name: "extract into a file", arguments: ["extract", "1", "-o", "memo.pdf"], status: 3,
                 message: "invalid --output 'memo.pdf': expected an existing directory", field: "--output", value: "memo.pdf",
                 setup: [["attach", "1", "memo.pdf"]], files: ["memo.pdf": "%PDF-1.4\n"]),
        BadInput(name: "add document --file that does not exist records no document", arguments: ["add", "document", "The memo", "--file", "nope.pdf"],
                 status: 6, message: "'nope.pdf': no such file", field: "nope.pdf"),
        BadInput(name: "a loaded file name that climbs out of the folder", arguments: ["load", "evil.json"], status: 6,
                 message: "'evil.json': invalid documents[0].files[0].name '../evil.pdf': expected a file name without '/', not '.' or '..', on one line",
                 field: "documents[0].files[0].name", value: "../evil.pdf",
                 files: ["evil.json": #"{"format": "govledger", "version": 1, "documents": [{"id": 1, "kind": "memo", "title": "M", "links": {"pursuit_ids": [], "vendor_ids": [], "agency_ids": []}, "files": [{"sha256": "\#(String(repeating: "a", count: 64))", "size": 1, "media_type": "application/pdf", "name": "../evil.pdf", "attached_at": "2026-03-01T12:00:00Z", "attached_by": "x"}]}]}"#]),
        BadInput(name: "a tag of two words", arguments: ["tag", "pursuit", "1", "bad word"], status: 3,
                 message: "invalid WORD 'bad word': expected one word of letters, digits, '-' or '_' (at most 64), such as follow-up",
                 field: "WORD", value: "bad word"),
        BadInput(name: "tag an unknown record", arguments: ["tag", "pursuit", "99", "follow-up"], status: 4,
                 message: "unknown pursuit '99'", field: "pursuit", value: "99"),
        BadInput(name: "untag a word the record does not have", arguments: ["untag", "pursuit", "1", "follow-up"], status: 3,
                 message: "invalid WORD 'follow-up': expected a tag pursuit 1 has", field: "WORD", value: "follow-up"),
        BadInput(name: "an empty note", arguments: ["note", "pursuit", "1", "  "], status: 3,
                 message: "invalid TEXT '  ': expected the note's text", field: "TEXT"),
        // People and requests are not in the tags/notes record_kind CHECK (schema version 8): a clean refusal.
        BadInput(name: "note a person", arguments: ["note", "person", "1", "call back"], status: 3,
                 message: "invalid KIND 'person': expected a kind that takes tags and notes: agency, vendor, source, solicitation, pursuit, stage-change, document, award, event",
                 field: "KIND", value: "person"),
        BadInput(name: "tag a person", arguments: ["tag", "people", "1", "follow-up"], status: 3,
                 message: "invalid KIND 'person': expected a kind that takes tags and notes: agency, vendor, source, solicitation, pursuit, stage-change, document, award, event",
                 field: "KIND", value: "person"),
        BadInput(name: "untag a request", arguments: ["untag", "request", "1", "follow-up"], status: 3,
                 message: "invalid KIND 'request': expected a kind that takes tags and notes: agency, vendor, source, solicitation, pursuit, stage-change, document, award, event",
                 field: "KIND", value: "request"),
        BadInput(name: "note a request", arguments: ["note", "request", "1", "chase"], status: 3,
                 message: "invalid KIND 'request': expected a kind that takes tags and notes: agency, vendor, source, solicitation, pursuit, stage-change, document, award, event",
                 field: "KIND", value: "request"),
        BadInput(name: "list --tag with a bad word", arguments: ["list", "pursuits", "--tag", "two words"], status: 3,
                 message: "invalid --tag 'two words': expected one word of letters, digits, '-' or '_' (at most 64), such as follow-up",
                 field: "--tag", value: "two words"),
    ]

    @Test("one line on stderr, documented exit status, nothing on stdout, ledger untouched", arguments: cases)
    func badInput(_ bad: BadInput) throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        // Files first, so that a setup step can use them (`attach`).
        for (name, content) in bad.files {
            if let content {
                try sandbox.write(content, to: name)
            } else {
                try FileManager.default.createDirectory(at: sandbox.url(name), withIntermediateDirectories: false)
            }
        }
        for step in bad.setup {
            try sandbox.succeed(step)
        }
        for name in bad.fifos {
            #expect(mkfifo(sandbox.url(name).path, 0o600) == 0)
        }
        let exportBefore = try sandbox.succeed(["export", "json"])
        let ledgerBefore = try sandbox.bytes("ledger.sqlite")
        let filesBefore = try bad.files.keys.filter { bad.files[$0]! != nil }.map { ($0, try sandbox.bytes($0)) }

        let run = try sandbox.run(bad.arguments, db: bad.db)

        #expect(run.status == bad.status, "\(run)")
        #expect(run.stdout == "")
        #expect(run.stderr == "govledger: error: \(bad.message)\n")
        #expect(run.stderr.hasPrefix("govledger: error: "))
        #expect(run.stderr.hasSuffix("\n") && !run.stderr.unicodeScalars.dropLast().contains { $0 == "\n" || $0 == "\r" },
                "more than one line: \(run.stderr)")
        #expect(run.stderr.contains(bad.field), "does not name the field \(bad.field)")
        if let value = bad.value {
            #expect(run.stderr.contains(value), "does not name the value \(value)")
        }

        // Nothing changed: the main database file byte for byte (WAL mode: a failed command may leave an
        // empty -wal/-shm behind, so the export, which reads through the WAL, must not change either).
        #expect(try sandbox.bytes("ledger.sqlite") == ledgerBefore)
        #expect(try sandbox.succeed(["export", "json"]) == exportBefore)
        for (name, bytes) in filesBefore {
            #expect(try sandbox.bytes(name) == bytes, "\(name) changed")
        }
        if bad.db == nil, bad.arguments.contains("missing.sqlite") {
            #expect(!sandbox.exists("missing.sqlite"), "a missing ledger must not be created")
        }
    }

    @Test("a failed write leaves no trace in the journal either")
    func failedWriteIsNotJournaled() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let head = try sandbox.succeed(["head"])
        // The vendor exists, the agency does not: the whole command must roll back.
        let run = try sandbox.run(["lead", "Half a lead", "--vendor", "Brand New Vendor", "--agency", "ICE",
                                   "--on", "2026", "--create", "--source", "no such source"])
        #expect(run.status == 4)
        #expect(run.stderr == "govledger: error: unknown source 'no such source'\n")
        #expect(try sandbox.succeed(["head"]) == head)
        #expect(try sandbox.succeed(["list", "vendors", "--format", "json"]).contains("Brand New Vendor") == false)
        #expect(try sandbox.succeed(["verify"]).hasPrefix("intact: 120 journal entries"))
    }
}
