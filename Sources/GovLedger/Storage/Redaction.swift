/// Keeps confidential sources inside the ledger file: every output path shows them only as a placeholder.
public enum Redaction {
    /// What a confidential source's title becomes in every output.
    public static let placeholder = "[confidential source]"

    /// The source as it may leave the machine: a confidential one keeps only its id, kind, date and flag.
    public static func redact(_ source: Source) -> Source {
        guard source.confidential else { return source }
        return Source(id: source.id, kind: source.kind, title: placeholder, date: source.date, confidential: true)
    }
}
