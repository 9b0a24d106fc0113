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
        public var currency: String?
        public var solicitation: String?
        public var summary: String?
        public var stageHistory: [StageEntry]
        public var documents: [DocumentEntry]
        /// Labels of the sources cited for the pursuit itself.
        public var sources: [String]
    }

    /// One stage change.
    public struct StageEntry: Encodable, Sendable, Equatable {
        public var id: Int64
        public var date: String
        public var administration: String?
        public var stage: Stage
        public var note: String?
        public var sources: [String]
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
        public var sources: [String]
    }

    /// One dated mark on the timeline.
    public struct TimelineEntry: Encodable, Sendable, Equatable {
        public var date: String
        /// First and last day the date covers, for drawing.
        public var first: String
        public var last: String
        public var administration: String?
        /// `stage-change`, `document`, `award` or `event`.
        public var kind: String
        public var ref: Int64
        public var title: String
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
    public var administrations: [AdministrationSummary]
    public var pursuits: [PursuitEntry]
    public var awards: [AwardEntry]
    public var timeline: [TimelineEntry]
    public var sources: [SourceEntry]
    public var provenance: Provenance
    /// The people the report's records name (docs/people-and-replies.md); nil when the ledger holds no people.
    public var people: [PersonEntry]?
    /// For each party named, when it was asked for comment and what it said; nil when the ledger holds no requests.
    public var replies: [ReplyEntry]?
}
