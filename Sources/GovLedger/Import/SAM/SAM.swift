import Foundation

/// SAM.gov's Contract Opportunities bulk CSV (`ContractOpportunitiesFullCSV.csv`): its encoding, its columns,
/// its rows, and how they map onto solicitations and awards.
enum SAM {
    /// The columns the importer cannot do without (the header's exact names).
    static let requiredColumns = ["NoticeId", "Title", "Type", "CGAC"]

    // MARK: Values

    /// SAM's notice type (`Type`, `BaseType`) in the ledger's vocabulary; anything unknown is `other`.
    static func noticeType(_ raw: String) -> NoticeType {
        // Lower case, every run of other characters one space: "Combined Synopsis/Solicitation" → "combined synopsis solicitation".
        let key = raw.lowercased().split { !($0.isLetter || $0.isNumber) }.joined(separator: " ")
        switch key {
        case "presolicitation", "pre solicitation": return .presolicitation
        case "solicitation": return .solicitation
        case "combined synopsis solicitation": return .combinedSynopsisSolicitation
        case "sources sought": return .sourcesSought
        case "special notice": return .specialNotice
        case "award notice": return .awardNotice
        case "sale of surplus property": return .saleOfSurplusProperty
        case "request for information": return .requestForInformation
        default:
            // "Justification and Approval (J&A)", "Intent to Bundle Requirements (DoD-Funded)".
            if key.hasPrefix("justification") || key.hasSuffix("justification") { return .justification }
            if key.hasPrefix("intent to bundle") { return .intentToBundle }
            return .other
        }
    }

    /// The day of a SAM date or date-time, as written (no time-zone conversion): `2025-08-26`,
    /// `2025-08-26 10:30:00.000-04` and `2025-08-26T10:30:00-04:00` are all `2025-08-26`. The rules are every
    /// importer's (`FileValues.day`).
    static func day(_ raw: String, field: String) throws(LedgerError) -> LedgerDate {
        var notes = Normalisations()
        return try FileValues.day(raw, field: field, notes: &notes)
    }

    /// An award amount: `1234.56`, `1,234.56`, `$1,234.56`, `$1234` (at most two decimals, thousands separated
    /// by commas in groups of three, one optional leading `$`); never negative. SAM.gov writes the `$` itself, so
    /// it is not reported as a normalisation.
    static func amount(_ raw: String, field: String) throws(LedgerError) -> Int64 {
        var notes = Normalisations()
        return try FileValues.cents(raw, field: field, allowNegative: false, notes: &notes)
    }

    /// A single-line value: tabs and line breaks become spaces.
    static func singleLine(_ raw: String) -> String {
        String(String.UnicodeScalarView(raw.unicodeScalars.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 }))
    }

    /// A description as the ledger keeps it: CRLF and CR become LF, other control characters spaces, and a text
    /// longer than the ledger's limit is cut there with a trailing "…".
    static func description(_ raw: String?) -> String? {
        guard var raw else { return nil }
        // Byte by byte: every character changed is ASCII, so the UTF-8 stays valid (a scalar at a time cost a
        // tenth of a 230 MB import).
        var bytes: [UInt8] = []
        raw.withUTF8 { text in
            bytes.reserveCapacity(text.count)
            var afterCR = false
            for byte in text {
                defer { afterCR = byte == 0x0D }
                switch byte {
                case 0x0A where afterCR: continue
                case 0x0D: bytes.append(0x0A)
                case 0x0A, 0x09: bytes.append(byte)
                case 0x00..<0x20, 0x7F: bytes.append(0x20)
                default: bytes.append(byte)
                }
            }
        }
        var text = String(decoding: bytes, as: UTF8.self).trimmingSpaces
        if bytes.count > Text.longLimit, text.unicodeScalars.count > Text.longLimit {
            text = String(String.UnicodeScalarView(text.unicodeScalars.prefix(Text.longLimit - 1))) + "…"
        }
        return text.isEmpty ? nil : text
    }

    // MARK: Rows

    /// One notice, parsed and checked; an error names the column (by its header name) and the value.
    struct Row {
        /// What an award notice says was awarded.
        struct Sale {
            var awardee: String
            var obligated: Int64
            var piid: String?
            var date: LedgerDate?
        }

        var line: Int
        var noticeId: String
        var title: String
        var solicitationNumber: String?
        var toptier: (code: FileValues.Toptier, name: String?)?
        var subtier: (code: String, name: String?)?
        var office: (code: String, name: String?)?
        var type: NoticeType
        var baseType: NoticeType?
        var posted: LedgerDate?
        var responseDue: LedgerDate?
        var description: String?
        var url: String?
        var sale: Sale?

        var agency: USAspending.AgencyPath { .init(toptier: toptier, subtier: subtier, office: office) }

        init(_ record: CSVReader.Record, _ columns: USAspending.Columns, notes: inout Normalisations) throws {
            func value(_ name: String) -> String? {
                guard let index = columns[name.lowercased()] else { return nil }
                let text = record.trimmed(index)
                return text.isEmpty ? nil : text
            }
            func line(_ name: String) throws -> String? {
                try Text.line(value(name).map(SAM.singleLine), field: name)
            }
            func required(_ name: String, expected: String) throws -> String {
                guard let text = try line(name) else { throw LedgerError.invalidValue(field: name, value: "", expected: expected) }
                return text
            }
            self.line = record.line
            noticeId = try required("NoticeId", expected: "the notice's id")
            title = try required("Title", expected: "the notice's title")
            solicitationNumber = try line("Sol#")
            if let toptier = try FileValues.toptier(value("CGAC"), field: "CGAC", notes: &notes) {
                self.toptier = (toptier, try line("Department/Ind.Agency"))
            }
            let subtierName = try line("Sub-Tier")
            subtier = try FileValues.subtier(value("FPDS Code"), field: "FPDS Code", notes: &notes).map { ($0, subtierName) }
            let officeName = try line("Office")
            office = try FileValues.office(value("AAC Code"), field: "AAC Code").map { ($0, officeName) }
            if toptier == nil, let subtier, let cgac = AgencyReference.subtierDepartments[subtier.code] {
                toptier = (.cgac(cgac), nil)
            }
            if toptier == nil, subtier == nil, office == nil {
                notes.note("notices naming no agency filed under '\(USAspending.Resolver.unnamedAgency)'", noticeId)
            }
            type = SAM.noticeType(try required("Type", expected: "a notice type such as Sources Sought"))
            baseType = value("BaseType").map(SAM.noticeType)
            posted = try value("PostedDate").map { try FileValues.day($0, field: "PostedDate", notes: &notes) }
            responseDue = try value("ResponseDeadLine").map { try FileValues.day($0, field: "ResponseDeadLine", notes: &notes) }
            description = SAM.description(value("Description"))
            url = try line("Link") ?? line("AdditionalInfoLink")
            if type == .awardNotice, let awardee = try line("Awardee"), let amount = value("Award$") {
                sale = Sale(awardee: try Text.name(awardee, field: "Awardee"),
                            obligated: try SAM.amount(amount, field: "Award$"),
                            piid: try line("AwardNumber"),
                            date: try value("AwardDate").map { try FileValues.day($0, field: "AwardDate", notes: &notes) })
            }
        }
    }
}
