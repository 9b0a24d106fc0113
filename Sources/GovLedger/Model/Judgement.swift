/// What a person decided about two vendors `match vendors` proposed (or any two): one company or two.
public enum Verdict: String, LedgerVocabulary {
    /// One company: the first vendor is merged into the second.
    case same
    /// Two companies: the pair is never proposed again, nor reported by `check`'s duplicate-vendors.
    case different
    /// Not known yet: recorded, and the pair is still proposed, marked.
    case unsure
    public static let fieldName = "verdict"
}

/// A recorded decision on a pair of vendors (schema version 7). One row per pair, whichever way round it was
/// judged; a later judgement of the pair replaces it (the journal keeps the earlier one).
public struct Judgement: Codable, Hashable, Sendable {
    public var id: Int64?
    /// The vendor judged (for `same`, the one merged away).
    public var vendorId: Int64
    /// The vendor it was judged against (for `same`, the one it became).
    public var otherVendorId: Int64
    public var verdict: Verdict
    /// Why, as the person said it.
    public var reason: String?

    /// Creates a judgement record.
    public init(id: Int64? = nil, vendorId: Int64, otherVendorId: Int64, verdict: Verdict, reason: String? = nil) {
        self.id = id
        self.vendorId = vendorId
        self.otherVendorId = otherVendorId
        self.verdict = verdict
        self.reason = reason
    }
}
