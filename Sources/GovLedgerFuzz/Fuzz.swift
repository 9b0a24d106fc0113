// libFuzzer targets for what reads untrusted bytes. Built and run by `bench/fuzz` (not CI):
//
//     swift build --product govledger-fuzz -Xswiftc -DGOVLEDGER_FUZZ -Xswiftc -sanitize=fuzzer,address \
//         -Xswiftc -use-ld=lld --scratch-path .build-fuzz
//     SWIFT_BACKTRACE=enable=no .build-fuzz/debug/govledger-fuzz TARGET [libFuzzer flags] CORPUS_DIR
//
// Without GOVLEDGER_FUZZ (a plain `swift build` or `swift test`) the executable only says how to build it, so
// that it never needs libFuzzer's runtime. Each target checks properties, not only that nothing traps: a broken
// property stops the run with `fatalError`, which libFuzzer reports as a crash and saves the input of.
import Foundation
import GovLedger

/// The targets by name: what each feeds the bytes to, and what it checks.
enum Targets {
    static let all: [String: @Sendable (Data) -> Void] = [
        "csv": csv, "usaspending": usaspending, "date": date, "money": money, "codes": codes,
        "ledger-file": ledgerFile,
    ]

    static func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
        if !condition() { fatalError("property broken: \(message())") }
    }

    /// The CSV reader: the same records and problem whatever its buffer size (4 to 7 bytes against 1 MiB, so
    /// that every field, quote, CR and multi-byte character straddles a refill); lines that only increase; and
    /// records without a problem that, written back quoted, read back the same.
    static func csv(_ data: Data) {
        let whole = ParserEntryPoints.csvRecords(data)
        let small = ParserEntryPoints.csvRecords(data, bufferSize: 4 + data.count % 4)
        require(whole.records == small.records && whole.problem == small.problem,
                "buffer size changes what is read: \(whole) vs \(small)")
        var previous = 0
        for record in whole.records {
            require(record.line > previous, "record lines do not increase: \(whole.records.map(\.line))")
            require(!record.fields.isEmpty, "a record without fields")
            previous = record.line
        }
        guard whole.problem == nil else { return }
        // Written back byte by byte (a quote followed by a combining mark is one Character, but still a quote).
        var written: [UInt8] = []
        for record in whole.records {
            for (index, field) in record.fields.enumerated() {
                if index > 0 { written.append(0x2C) }
                written.append(0x22)
                for byte in field.utf8 {
                    if byte == 0x22 { written.append(0x22) }
                    written.append(byte)
                }
                written.append(0x22)
            }
            written.append(0x0A)
        }
        let again = ParserEntryPoints.csvRecords(Data(written))
        require(again.problem == nil && again.records.map(\.fields) == whole.records.map(\.fields),
                "records written back read differently: \(whole.records.map(\.fields)) vs \(again)")
    }

    static let usaspendingHeader = """
        contract_award_unique_key,award_id_piid,recipient_name,recipient_uei,recipient_parent_uei,\
        recipient_parent_name,award_description,award_type,total_obligated_amount,potential_total_value_of_award,\
        period_of_performance_start_date,period_of_performance_current_end_date,awarding_agency_code,\
        awarding_agency_name,awarding_sub_agency_code,awarding_sub_agency_name,awarding_office_code,\
        awarding_office_name,usaspending_permalink

        """

    /// The USAspending importer's row parser (codes, amounts, dates, names) on rows under a fixed header (or
    /// the input's own, when it starts with one): a row is parsed or refused with a `LedgerError`; a parsed
    /// row's codes are capitals and digits of their level's length and its dates re-parse to themselves.
    static func usaspending(_ data: Data) {
        let input = data.starts(with: Data("contract_award_unique_key".utf8)) ? data
            : Data(usaspendingHeader.utf8) + data
        for result in ParserEntryPoints.usaspendingRows(input).rows {
            switch result {
            case .failure(let error):
                require(error is LedgerError, "a row refused with \(type(of: error)): \(error)")
            case .success(let row):
                require(!row.key.isEmpty, "a row without a key")
                // A toptier is a 3-digit CGAC or a 4-digit FREC; an office code is kept as the file holds it
                // (`VOA/LN`): printable, without spaces at its ends.
                if let toptier = row.toptier { checkCode(toptier, 3...4) }
                if let subtier = row.subtier { checkCode(subtier, 4...4) }
                if let office = row.office {
                    require((4...6).contains(office.unicodeScalars.count) && office.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F || $0 == " " }
                            && office.first != " " && office.last != " ", "office code \(office.debugDescription) is not 4-6 printable characters")
                }
                for date in [row.start, row.end].compactMap({ $0 }) { checkDate(date) }
            }
        }
    }

    static func checkCode(_ code: String, _ lengths: ClosedRange<Int>) {
        require(lengths.contains(code.utf8.count) && code.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) },
                "code \(code.debugDescription) is not \(lengths) capitals or digits")
        require((try? ParserEntryPoints.code(code, lengths: lengths)) == code, "code \(code.debugDescription) does not re-parse to itself")
    }

    static func checkDate(_ date: LedgerDate) {
        let again = try? LedgerDate(parsing: date.text, field: "date")
        require(again == date, "date \(date.text.debugDescription) re-parses to \(String(describing: again))")
        require(date.first <= date.last, "date \(date.text) ends before it starts")
        for day in [date.first, date.last] {
            require(CalendarDay(iso: day)?.iso == day, "date \(date.text) covers a day \(day) that does not exist")
        }
        _ = date.administration
    }

    /// Dates: a parsed date's canonical text re-parses to the same date, covering real days in order; an exact
    /// day renders back to its input; the importer's fast day path agrees with the parser.
    static func date(_ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        if let date = try? LedgerDate(parsing: text, field: "date") { checkDate(date) }
        if let day = CalendarDay(iso: text) {
            require(day.iso == text, "day \(text.debugDescription) renders as \(day.iso)")
            if day.year > 1000 || day.month > 1 || day.day > 1 {
                require(day.previous < day && CalendarDay(iso: day.previous.iso) == day.previous, "the day before \(text)")
            }
        }
        let bytes = [UInt8](data)
        if let fast = ParserEntryPoints.fastDay(bytes) {
            let slow = try? LedgerDate(parsing: String(decoding: bytes.prefix(10), as: UTF8.self), field: "date")
            require(slow == fast, "fast day \(fast) but the parser says \(String(describing: slow)) for \(text.debugDescription)")
        }
    }

    /// Money: a parsed amount formatted for people parses back to the same cents; `allowNegative: false` agrees
    /// on the sign; the importer's fast path agrees with the parser; a currency code is three capitals and
    /// re-parses to itself.
    static func money(_ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        if let cents = try? Money.parseCents(text, field: "amount") {
            let formatted = Money.format(cents: cents, currency: "USD")
            require(formatted.hasPrefix("USD "), "formatted as \(formatted)")
            let again = try? Money.parseCents(String(formatted.dropFirst(4)), field: "amount")
            require(again == cents, "\(text.debugDescription) is \(cents) cents, formatted \(formatted), which parses to \(String(describing: again))")
            let unsigned = try? Money.parseCents(text, field: "amount", allowNegative: false)
            if cents > 0 { require(unsigned == cents, "\(text.debugDescription) refused as negative") }
            if cents < 0 { require(unsigned == nil, "\(text.debugDescription) accepted as not negative") }
        }
        if let fast = ParserEntryPoints.fastCents([UInt8](data)) {
            let slow = try? Money.parseCents(text, field: "amount")
            require(slow == fast, "fast path \(fast) cents but the parser says \(String(describing: slow)) for \(text.debugDescription)")
        }
        if let code = try? Money.parseCurrency(text, field: "currency") {
            require(code.utf8.count == 3 && code.utf8.allSatisfy { $0 >= 65 && $0 <= 90 }, "currency \(code.debugDescription)")
            require((try? Money.parseCurrency(code, field: "currency")) == code, "currency \(code) does not re-parse")
        }
    }

    /// Agency codes and UEIs as the importers read them: capitals and digits of the level's length, idempotent.
    static func codes(_ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        for lengths in [3...3, 4...4, 4...6] {
            if let code = try? ParserEntryPoints.code(text, lengths: lengths) { checkCode(code, lengths) }
        }
        if let uei = try? ParserEntryPoints.uei(text) {
            require(uei.utf8.count == 12 && uei.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) },
                    "UEI \(uei.debugDescription)")
            require((try? ParserEntryPoints.uei(uei)) == uei, "UEI \(uei) does not re-parse")
        }
    }

    /// The JSON ledger file, decoded and loaded into an in-memory ledger: refused with a `LedgerError`, or
    /// loaded into a ledger that verifies, whose export (confidential sources included) loaded into another
    /// empty ledger exports the same bytes again (docs/interchange.md).
    static func ledgerFile(_ data: Data) {
        let file: LedgerFile
        do {
            file = try LedgerFile.decode(data, path: "fuzz.json")
        } catch {
            require(error is LedgerError, "decoding refused with \(type(of: error)): \(error)")
            return
        }
        do {
            let ledger = try ParserEntryPoints.freshLedger()
            do {
                try ledger.load([(path: "fuzz.json", file: file)])
            } catch {
                require(error is LedgerError, "loading refused with \(type(of: error)): \(error)")
                return
            }
            let verification = try ledger.verify()
            require(verification.intact, "a loaded file does not verify: \(verification.problems)")
            let exported = try ledger.exportFile(includeConfidential: true).encoded()
            let second = try ParserEntryPoints.freshLedger()
            try second.load([(path: "export.json", file: LedgerFile.decode(exported, path: "export.json"))])
            let again = try second.exportFile(includeConfidential: true).encoded()
            require(again == exported, "an export loaded and exported again differs:\n\(String(decoding: exported, as: UTF8.self))\n---\n\(String(decoding: again, as: UTF8.self))")
        } catch {
            fatalError("property broken: a loaded file's export does not load back: \(error)")
        }
    }
}

#if GOVLEDGER_FUZZ
nonisolated(unsafe) var selected: (Data) -> Void = { _ in }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    selected(data.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ cb: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt
#endif

@main
struct GovLedgerFuzz {
    static func main() {
        // The target is the first argument (or $GOVLEDGER_FUZZ_TARGET, which is set from it so that the
        // processes libFuzzer starts itself with -fork or -jobs run the same target); the rest goes to libFuzzer.
        var arguments = CommandLine.arguments
        var name = ProcessInfo.processInfo.environment["GOVLEDGER_FUZZ_TARGET"]
        if arguments.count > 1, Targets.all[arguments[1]] != nil {
            let chosen = arguments.remove(at: 1)
            setenv("GOVLEDGER_FUZZ_TARGET", chosen, 1)
            name = chosen
        }
        guard let name, let target = Targets.all[name] else {
            FileHandle.standardError.write(Data("usage: govledger-fuzz TARGET [libFuzzer flags] [CORPUS_DIR...]; targets: \(Targets.all.keys.sorted().joined(separator: ", "))\n".utf8))
            exit(2)
        }
        #if GOVLEDGER_FUZZ
        selected = target
        var argc = CInt(arguments.count)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        let status = argv.withUnsafeMutableBufferPointer { buffer -> CInt in
            var pointer = buffer.baseAddress!
            return LLVMFuzzerRunDriver(&argc, &pointer) { data, count in fuzzOne(data, count) }
        }
        exit(status)
        #else
        _ = target
        FileHandle.standardError.write(Data("govledger-fuzz was built without libFuzzer; run bench/fuzz\n".utf8))
        exit(2)
        #endif
    }
}
