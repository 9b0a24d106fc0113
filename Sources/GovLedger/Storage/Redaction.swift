/// Keeps confidential sources inside the ledger file: every output path shows them only as a placeholder.
public enum Redaction {
    /// What a confidential source's title becomes in every output.
    public static let placeholder = "[confidential source]"

    /// The source as it may leave the machine: a confidential one keeps only its id, kind, date and flag.
    /// What stands for the reason a confidential source was retracted, or a journal entry's reason about one:
    /// the reporter's words may name it.
    public static let withheldReason = "[reason withheld: confidential source]"

    /// A confidential source with only its id, kind, date and flag (and whether it is retracted).
    public static func redact(_ source: Source) -> Source {
        guard source.confidential else { return source }
        var redacted = Source(id: source.id, kind: source.kind, title: placeholder, date: source.date, confidential: true)
        redacted.retraction = source.retraction.map { _ in withheldReason }
        return redacted
    }
}
