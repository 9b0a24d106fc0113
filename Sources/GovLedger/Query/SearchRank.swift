import Foundation
import GRDB
import GRDBSQLite

/// The ranking `search` orders each kind's hits by: `govledger_rank()`, an FTS5 auxiliary function registered on
/// every connection the ledger opens.
///
/// It is FTS5's own BM25 (k1 = 1.2, every column weighted 1, the same inverse document frequency) without the
/// document-length part (b = 0): a record that uses the words more often, and the rarer words, ranks first,
/// whatever its length. Reading each hit's length from the `*_docsize` table was four fifths of a search's time
/// at a million awards (`bench/run`: 6,324 hits for "facial recognition"), and award descriptions are short
/// alike. Equal scores (to a thousandth) are broken by the record's number, lowest first, so that the same
/// search always shows the same hits, also when more tie than `--limit` shows.
///
/// The value is an integer that sorts that way: `-(score in thousandths) × 2³³ + rowid`. `score(ofRank:)`
/// gives the score part back, to merge the kinds' hits.
enum SearchRank {
    /// The function's name: `govledger_rank(awards_fts)` ranks an awards_fts hit.
    static let function = "govledger_rank"
    /// Bits below the score that hold the record's number.
    static let rowidBits: Int64 = 33
    /// Scores are kept in thousandths, at most this many (a score of half a million is far beyond any query).
    static let maximumScore: Int64 = (1 << 29) - 1

    /// The ranked hit's score in thousandths, negated (lower sorts first), from the function's value.
    static func score(ofRank rank: Int64) -> Int64 { rank >> rowidBits }

    /// Registers `govledger_rank()` on the connection; called from `Ledger.configuration()`'s `prepareDatabase`.
    static func register(_ db: Database) throws {
        guard let api = try fts5API(db), let create = api.pointee.xCreateFunction else {
            throw LedgerError.refused("this SQLite has no FTS5, which search needs")
        }
        let code = create(api, function, nil, rankFunction, nil)
        guard code == SQLITE_OK else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "cannot register \(function)")
        }
    }

    /// FTS5's API for this connection, as its documentation says to get it: `SELECT fts5(?1)` with a pointer bound.
    private static func fts5API(_ db: Database) throws -> UnsafeMutablePointer<fts5_api>? {
        var api: UnsafeMutablePointer<fts5_api>?
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db.sqliteConnection, "SELECT fts5(?1)", -1, &statement, nil) == SQLITE_OK else {
            sqlite3_finalize(statement)
            return nil
        }
        defer { sqlite3_finalize(statement) }
        // The pointer type's name must outlive the statement: a static string's bytes do.
        let type = UnsafeRawPointer(fts5PointerType.utf8Start).assumingMemoryBound(to: CChar.self)
        withUnsafeMutablePointer(to: &api) { pointer in
            _ = sqlite3_bind_pointer(statement, 1, pointer, type, nil)
            _ = sqlite3_step(statement)
        }
        return api
    }

    private static let fts5PointerType: StaticString = "fts5_api_ptr"
}

/// The inverse document frequencies of a query's phrases, computed at the first row and kept as FTS5 auxiliary
/// data for the rest of the query: `[count, idf0, idf1, …]`, allocated with malloc, freed by FTS5 with `free`.
private func inverseFrequencies(_ api: UnsafePointer<Fts5ExtensionApi>, _ context: OpaquePointer) -> UnsafeMutablePointer<Double>? {
    guard let getAuxdata = api.pointee.xGetAuxdata, let setAuxdata = api.pointee.xSetAuxdata,
          let phraseCount = api.pointee.xPhraseCount, let rowCount = api.pointee.xRowCount,
          let queryPhrase = api.pointee.xQueryPhrase else { return nil }
    if let known = getAuxdata(context, 0) { return known.assumingMemoryBound(to: Double.self) }
    let phrases = Int(phraseCount(context))
    var rows: sqlite3_int64 = 0
    guard rowCount(context, &rows) == SQLITE_OK,
          let memory = malloc(MemoryLayout<Double>.stride * (phrases + 1)) else { return nil }
    let idf = memory.assumingMemoryBound(to: Double.self)
    idf[0] = Double(phrases)
    for phrase in 0..<phrases {
        var hits: Int64 = 0
        // Counts the rows holding the phrase, as FTS5's bm25 does.
        let code = queryPhrase(context, Int32(phrase), &hits) { _, _, count in
            count?.assumingMemoryBound(to: Int64.self).pointee += 1
            return SQLITE_OK
        }
        guard code == SQLITE_OK else {
            free(memory)
            return nil
        }
        let value = log((0.5 + Double(rows) - Double(hits)) / (0.5 + Double(hits)))
        idf[phrase + 1] = value > 0 ? value : 1e-6
    }
    guard setAuxdata(context, memory, free) == SQLITE_OK else { return nil }
    return idf
}

/// `govledger_rank()`: see `SearchRank`.
private let rankFunction: fts5_extension_function = { api, context, result, _, _ in
    guard let api, let context, let instCount = api.pointee.xInstCount, let inst = api.pointee.xInst,
          let rowidOf = api.pointee.xRowid else { return }
    guard let idf = inverseFrequencies(api, context) else {
        sqlite3_result_error(result, "govledger_rank: cannot read the query's phrases", -1)
        return
    }
    let phrases = Int(idf[0])
    var instances: Int32 = 0
    guard instCount(context, &instances) == SQLITE_OK else {
        sqlite3_result_error(result, "govledger_rank: cannot read the matches", -1)
        return
    }
    // Each phrase's frequency in the row (its matches in every column), on the stack for a query of few phrases.
    withUnsafeTemporaryAllocation(of: Double.self, capacity: max(phrases, 1)) { frequency in
        frequency.initialize(repeating: 0)
        for instance in 0..<instances {
            var phrase: Int32 = 0, column: Int32 = 0, offset: Int32 = 0
            if inst(context, instance, &phrase, &column, &offset) == SQLITE_OK, phrase >= 0, Int(phrase) < phrases {
                frequency[Int(phrase)] += 1
            }
        }
        let k1 = 1.2
        var score = 0.0
        for phrase in 0..<phrases {
            score += idf[phrase + 1] * (frequency[phrase] * (k1 + 1)) / (frequency[phrase] + k1)
        }
        let rowid = rowidOf(context)
        let thousandths = min(SearchRank.maximumScore, max(0, Int64((score * 1000).rounded())))
        let tieBreak = min(max(0, rowid), (1 << SearchRank.rowidBits) - 1)
        sqlite3_result_int64(result, -(thousandths << SearchRank.rowidBits) + tieBreak)
    }
}
