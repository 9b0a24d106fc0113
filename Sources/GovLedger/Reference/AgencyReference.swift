import Crypto
import Foundation

/// The federal agency reference (usaspending-api's agency code list, CC0): real names and abbreviations for the
/// codes the public record uses, so an imported agency is `U.S. Immigration and Customs Enforcement (ICE)`.
///
/// Every new ledger is seeded with it (see `Ledger.seedAgencyReference`), so `--agency ICE` or `--agency 7012`
/// works before anything is recorded.
enum AgencyReference {
    /// A department or sub-tier agency as the reference names it.
    struct Entry {
        let name: String
        let abbreviation: String?
    }

    /// A department (toptier agency): one per CGAC code.
    struct Department {
        let cgac: String
        /// The FPDS department id (`7000`), kept only when no other department shares it.
        let fpds: String?
        let entry: Entry
    }

    /// A sub-tier agency under its department.
    struct Subtier {
        let code: String
        let cgac: String
        let entry: Entry
    }

    /// The file's rows: 1,504 lines, some repeating a department, some without a usable sub-tier code.
    static let rows: [[String]] = {
        let text = String(decoding: PackageResources.agency_codes_tsv, as: UTF8.self)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
            .filter { $0.count == 7 }
    }()

    /// SHA-256 of the embedded file, recorded with the seed so a ledger says which reference it started from.
    static let sha256: String = SHA256.hash(data: Data(PackageResources.agency_codes_tsv)).map {
        ($0 < 16 ? "0" : "") + String($0, radix: 16)
    }.joined()

    /// Departments in file order, and sub-tier agencies in file order.
    ///
    /// A department's own row repeats it as a sub-tier (7000 for DHS); that is not a sub-agency. Codes that are
    /// not codes ("Unknown (may not exist)") are skipped, and a sub-tier code listed twice keeps its first row.
    static let (departmentList, subtierList): ([Department], [Subtier]) = {
        var fpdsUse: [String: Set<String>] = [:]
        for f in rows where f[1].count == 4 { fpdsUse[f[1], default: []].insert(f[0]) }
        var departments: [Department] = []
        var seenDepartments = Set<String>()
        var subtiers: [Subtier] = []
        var seenSubtiers = Set<String>()
        for f in rows {
            guard f[0].count == 3, f[0].allSatisfy(\.isNumber) else { continue }
            if seenDepartments.insert(f[0]).inserted {
                let fpds = f[1].count == 4 && fpdsUse[f[1]]?.count == 1 ? f[1] : nil
                departments.append(Department(cgac: f[0], fpds: fpds,
                                              entry: Entry(name: f[2], abbreviation: f[3].isEmpty ? nil : f[3])))
            }
            let code = f[4]
            guard code != f[1], code.count == 4, code.unicodeScalars.allSatisfy({ $0.isASCII && $0 != " " }),
                seenSubtiers.insert(code).inserted
            else { continue }
            subtiers.append(Subtier(code: code, cgac: f[0], entry: Entry(name: f[5], abbreviation: f[6].isEmpty ? nil : f[6])))
        }
        return (departments, subtiers)
    }()

    /// Departments by CGAC code.
    static let departments: [String: Entry] = Dictionary(
        departmentList.map { ($0.cgac, $0.entry) }, uniquingKeysWith: { first, _ in first })

    /// A FREC code's entity: the CGAC it reports under and its name.
    struct FREC {
        let cgac: String
        let name: String
    }

    /// FREC codes (`frec_codes.tsv`, the FREC columns of the same list): USAspending's toptier code is a CGAC or,
    /// for some agencies, a 4-digit FREC (Executive Office of the President 1100, Department of Labor 1601).
    /// Kept apart from `agency_codes.tsv` so the seed, and the hash a ledger records of it, stay as they were.
    static let frecs: [String: FREC] = {
        let text = String(decoding: PackageResources.frec_codes_tsv, as: UTF8.self)
        var frecs: [String: FREC] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 3, frecs[f[0]] == nil else { continue }
            frecs[f[0]] = FREC(cgac: f[1], name: f[2])
        }
        return frecs
    }()

    /// The department (CGAC) of each sub-tier code, to place an award whose file names only its sub-tier.
    static let subtierDepartments: [String: String] = Dictionary(
        subtierList.map { ($0.code, $0.cgac) }, uniquingKeysWith: { first, _ in first })

    /// Sub-tier agencies by sub-tier code.
    static let subtiers: [String: Entry] = Dictionary(
        subtierList.map { ($0.code, $0.entry) }, uniquingKeysWith: { first, _ in first })
}
