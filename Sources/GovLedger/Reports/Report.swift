/// The audit report: plain data, built by `Ledger.report(_:)` and rendered by `ReportRenderer`.
public struct Report: Encodable, Sendable, Equatable {
    /// What the report covers.
    public struct Scope: Encodable, Sendable, Equatable {
        /// The vendors covered (the named one and its subsidiaries); empty means all.
        public var vendors: [String]
        /// The agencies covered (the named one and those beneath it); empty means all.
        public var agencies: [String]
        public var administration: String?
        public var since: String?
        public var until: String?
        /// The tags every record in scope has (`--tag`); nil when the report is not limited by tag.
        public var tags: [String]? = nil
        /// The scope in words: "ICE and its 17 offices", "Salesforce and its subsidiary Slack Technologies".
        public var words: String
        /// The vendors compared side by side (`--vendor` repeated), as named; empty otherwise.
        public var compared: [String]
    }

    /// The opening summary: who led each administration, and the basis its figures rest on.
    public struct Summary: Encodable, Sendable, Equatable {
        /// `vendors` (the usual case) or `agencies` (when the scope is vendors and no agency).
        public var leadersAre: String
        /// The largest vendors (or agencies) of each administration, by obligations.
        public var leaders: [Leaders]
        /// Which date decides an award's administration and fiscal year, in words.
        public var basis: String
    }

    /// The largest vendors (or agencies) under one administration.
    public struct Leaders: Encodable, Sendable, Equatable {
        public var administration: String
        public var ranked: [Ranked]
    }

    /// One vendor or agency with its awards and obligations (in its currency, integer cents).
    public struct Ranked: Encodable, Sendable, Equatable {
        public var name: String
        public var awards: Int
        public var obligatedCents: Int64
        public var currency: String
    }

    /// Awards and known US-dollar obligations in one federal fiscal year (FY2021 = 2020-10-01..2021-09-30).
    public struct FiscalYearTotal: Encodable, Sendable, Equatable {
        public var fiscalYear: Int
        public var awards: Int
        public var obligatedCents: Int64
    }

    /// The awards in scope beyond those listed.
    public struct AwardsLeftOut: Encodable, Sendable, Equatable {
        public var awards: Int
        /// Their known obligations in US dollars, in cents.
        public var obligatedCents: Int64
    }

    /// A quote or page cited for a fact, beside it; never from a confidential source.
    public struct QuoteEntry: Encodable, Sendable, Equatable {
        /// The source's label, as in `sources`.
        public var source: String
        public var sourceId: Int64
        public var quote: String?
        public var page: Int64?
    }

    /// A file imported into the ledger that awards in scope came from.
    public struct ImportedFile: Encodable, Sendable, Equatable {
        public var file: String
        public var sha256: String
        /// `summaries` or `transactions` when the import entry says.
        public var download: String?
        /// Rows the import read, from its journal entry.
        public var rowsRead: Int?
        /// Awards in scope that came from it (for a transactions file: its transactions of those awards).
        public var inScope: Int
        /// The journal entries of its imports (`govledger journal`).
        public var journalSeqs: [Int64]
    }

    /// One vendor's figures under one administration, for `report --vendor A --vendor B`.
    public struct ComparisonRow: Encodable, Sendable, Equatable {
        public var administration: String
        public var vendor: String
        public var awards: Int
        /// Known obligations in US dollars, in cents.
        public var obligatedCents: Int64
        /// The vendor's largest award under the administration (by its start date), if any has a known value.
        public var largestAward: AwardEntry?
    }

    /// One row of the per-administration table.
    public struct AdministrationSummary: Encodable, Sendable, Equatable {
        /// Slug; `ambiguous` for facts whose dates straddle a transition; `undated`; `before-1993`.
        public var administration: String
        public var name: String
        /// The term, e.g. `2009-01-20..2017-01-19`.
        public var term: String?
        public var pursuits: Int
        /// Current stage → number of pursuits, in lifecycle order.
        public var pursuitsByStage: [StageCount]
        public var awards: Int
        /// Sum of the known obligations in US dollars, in cents.
        public var obligatedCents: Int64
        /// Awards whose obligation is not known (or not in US dollars).
        public var awardsWithUnknownValue: Int
        public var documents: Int
        public var events: Int
        /// Which dates placed this row's awards and obligations when transactions did: `transactions` (only
        /// awards with imported transactions, each action under its action date) or `both`; absent when every
        /// award counts under its start date.
        public var obligationsBasis: String?
    }

    /// A count of pursuits in one stage.
    public struct StageCount: Encodable, Sendable, Equatable {
        public var stage: Stage
        public var count: Int
    }

    /// A pursuit with its history, documents and sources.
    public struct PursuitEntry: Encodable, Sendable, Equatable {
        public var id: Int64
        public var title: String
        public var vendor: String
        public var agency: String
        public var kind: PursuitKind
        public var stage: Stage
        public var date: String
        public var administration: String?
        public var estimatedValueCents: Int64?
        /// How the estimate is known when not exactly (about, nearly…); left out of the JSON when exact.
        public var estimatedValueQualifier: Approximation? = nil
        public var currency: String?
        public var solicitation: String?
        public var summary: String?
        public var stageHistory: [StageEntry]
        public var documents: [DocumentEntry]
        /// Labels of the sources cited for the pursuit itself.
        public var sources: [String]
        /// Quotes and pages cited for the pursuit, its stage changes and documents: news reports first.
        public var quotes: [QuoteEntry]
    }

    /// One stage change.
    public struct StageEntry: Encodable, Sendable, Equatable {
        public var id: Int64
        public var date: String
        public var administration: String?
        public var stage: Stage
        public var note: String?
        public var sources: [String]
        public var quotes: [QuoteEntry]
    }

    /// A document linked to a pursuit.
    public struct DocumentEntry: Encodable, Sendable, Equatable {
        public var id: Int64
        public var kind: DocumentKind
        public var title: String
        public var date: String?
        public var pages: Int64?
        public var authorOrganization: String?
        public var sources: [String]
        public var quotes: [QuoteEntry]
        /// SHA-256 of each file attached to it, as received, so that a published report pins the evidence; nil
        /// when it has none. Names and who attached them stay in the ledger.
        public var files: [FileEntry]?

        /// The line a report prints for one file: "SHA-256 of the memo as received: …".
        public func hashLine(_ file: FileEntry) -> String {
            "SHA-256 of the \(kind.rawValue.replacingOccurrences(of: "-", with: " ")) as received: \(file.sha256)"
        }
    }

    /// A file attached to a document in a report: its hash, size and media type, never its bytes or name.
    public struct FileEntry: Encodable, Sendable, Equatable {
        public var sha256: String
        public var size: Int64
        public var mediaType: String
    }

    /// An award in scope.
    public struct AwardEntry: Encodable, Sendable, Equatable {
        public var id: Int64
        public var vendor: String
        public var agency: String
        public var piid: String?
        public var description: String?
        public var date: String?
        public var administration: String?
        public var obligatedCents: Int64?
        public var currency: String
        /// The award's USAspending page, as imported.
        public var permalink: String?
        /// Whether it came from an imported file (else it was typed in).
        public var imported: Bool
        public var sources: [String]
        public var quotes: [QuoteEntry]
    }

    /// One dated mark on the timeline.
    public struct TimelineEntry: Encodable, Sendable, Equatable {
        public var date: String
        /// First and last day the date covers, for drawing.
        public var first: String
        public var last: String
        public var administration: String?
        /// `stage-change`, `document`, `award`, `event`, or `imported-awards` (one mark per fiscal year, `ref`
        /// the year, for the awards imported from files).
        public var kind: String
        public var ref: Int64
        public var title: String
        /// For `imported-awards`: how many, and their known US-dollar obligations in cents.
        public var awards: Int?
        public var obligatedCents: Int64?
    }

    /// A source cited by something in the report; confidential ones are redacted.
    public struct SourceEntry: Encodable, Sendable, Equatable {
        public var id: Int64
        public var kind: SourceKind
        public var title: String
        public var publisher: String?
        public var url: String?
        public var date: String?
        public var confidential: Bool
    }

    /// Where the report came from, so a reader can check it against the ledger.
    public struct Provenance: Encodable, Sendable, Equatable {
        /// When it was made, UTC.
        public var generatedAt: String
        /// The filters it was made with, as typed (`--vendor Salesforce`).
        public var filters: [String]
        /// The journal head it reflects.
        public var journalSeq: Int64
        public var journalHash: String
        /// `verify`'s one-line verdict at the time, or how to check the head when the report did not verify.
        public var verification: String
        /// Whether the ledger verified; nil when the report was built without verifying (`report --verify`).
        public var intact: Bool?
    }

    public var scope: Scope
    public var summary: Summary
    public var administrations: [AdministrationSummary]
    /// Per fiscal year, oldest first: the chart.
    public var fiscalYears: [FiscalYearTotal]
    /// With several vendors: each one's figures per administration, side by side.
    public var comparison: [ComparisonRow]
    public var pursuits: [PursuitEntry]
    /// The largest awards (by known obligation; `--awards N`, all with `--awards all`), then undated order.
    public var awards: [AwardEntry]
    /// The awards in scope not listed in `awards`.
    public var awardsLeftOut: AwardsLeftOut
    public var timeline: [TimelineEntry]
    public var sources: [SourceEntry]
    /// The imported files the awards in scope came from.
    public var files: [ImportedFile]
    public var provenance: Provenance
    /// The people the report's records name (docs/people-and-replies.md); nil when the ledger holds no people.
    public var people: [PersonEntry]?
    /// For each party named, when it was asked for comment and what it said; nil when the ledger holds no requests.
    public var replies: [ReplyEntry]?
}
