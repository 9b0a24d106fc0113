/// The federal agency reference (usaspending-api's agency code list, CC0): real names and abbreviations for the
/// codes the public record uses, so an imported agency is `U.S. Immigration and Customs Enforcement (ICE)`.
enum AgencyReference {
    /// A department or sub-tier agency as the reference names it.
    struct Entry {
        let name: String
        let abbreviation: String?
    }

    /// Departments by CGAC code, and sub-tier agencies by sub-tier code.
    static let (departments, subtiers): ([String: Entry], [String: Entry]) = {
        var departments: [String: Entry] = [:]
        var subtiers: [String: Entry] = [:]
        let text = String(decoding: PackageResources.agency_codes_tsv, as: UTF8.self)
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 7 else { continue }
            if departments[f[0]] == nil { departments[f[0]] = Entry(name: f[2], abbreviation: f[3].isEmpty ? nil : f[3]) }
            // A department's own row repeats it as a sub-tier (7000 for DHS); that is not a sub-agency.
            if f[4] != f[1], subtiers[f[4]] == nil {
                subtiers[f[4]] = Entry(name: f[5], abbreviation: f[6].isEmpty ? nil : f[6])
            }
        }
        return (departments, subtiers)
    }()
}
