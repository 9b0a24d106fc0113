import ArgumentParser
import Foundation
import GovLedger

extension GovLedgerCommand {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export the ledger.",
            subcommands: [ExportJSON.self, ExportOCDS.self, ExportFtM.self, ExportSQLite.self])
    }

    struct ExportJSON: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "json", abstract: "Write the whole ledger in its own JSON format, confidential sources redacted.",
            discussion: """
                --include-confidential keeps them, for moving a ledger between your own machines; it never writes to \
                a terminal. A ledger that does not pass 'verify' is not exported (exit 1): loading the file would \
                journal the tampering anew (use 'backup' to keep such a ledger as it is).
                """)

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var file: OutputFileOptions
        @Flag(name: .customLong("include-confidential"), help: "Keep confidential sources whole (never to a terminal).")
        var includeConfidential = false

        func run() throws {
            try file.check(ledger: ledger.path, confidential: includeConfidential)
            let opened = try ledger.open()
            try opened.requireIntactForPublishing()
            let data = try opened.exportFile(includeConfidential: includeConfidential).encoded()
            try file.write(String(decoding: data, as: UTF8.self), ledger: ledger.path, confidential: includeConfidential)
        }
    }

    struct ExportOCDS: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ocds",
            abstract: "Write an Open Contracting Data Standard 1.1 release package.",
            discussion: """
                One contracting process per pursuit (ocid PREFIX-pursuit-N), per solicitation no pursuit answers \
                (PREFIX-solicitation-N) and per award linked to neither (PREFIX-award-N). Confidential sources are \
                never exported. publishedDate is now ($GOVLEDGER_NOW pins it).
                """)

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var file: OutputFileOptions
        @Option(help: "The ocid prefix registered with the Open Contracting Partnership (ocds- and six letters or digits).")
        var prefix = OCDS.defaultPrefix
        @Option(help: "The publisher's name (publisher.name).") var publisher = OCDS.defaultPublisher
        @Option(help: "The package's URI (default: urn:govledger:journal:SEQ:HASH, the journal head it reflects).")
        var uri: String?

        func run() throws {
            try OCDS.validatePrefix(prefix)
            let package = try ledger.open().ocdsPackage(OCDS.Options(prefix: prefix, publisher: publisher, uri: uri))
            try file.write(package.pretty, ledger: ledger.path)
        }
    }

    struct ExportFtM: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ftm",
            abstract: "Write FollowTheMoney entities, one JSON object a line.",
            discussion: "Agencies, vendors, solicitations, pursuits, awards, documents and events, with stable ids "
                + "(govledger-vendor-3). Confidential sources are never exported.")

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var file: OutputFileOptions

        func run() throws {
            try file.write(try ledger.open().ftmLines(), ledger: ledger.path)
        }
    }

    struct ExportSQLite: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sqlite",
            abstract: "Write a copy of the ledger (same schema) with every confidential source redacted.",
            discussion: """
                The copy's journal is rebuilt with masked images and re-chained: 'verify' passes on it, but its \
                head differs from the ledger's. Refuses to write over any existing file, and to publish a ledger \
                that does not pass 'verify' (exit 1): re-chaining would make the tampering look intact. The copy is \
                built and redacted in a private directory under $TMPDIR, never beside OUT, and OUT appears whole \
                (owner-only) or not at all.
                """)

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "The new file.") var out: String
        @Option(name: .customLong("datasette-metadata"),
                help: "Also write Datasette metadata for the copy to this new file (full-text search on every table).")
        var datasetteMetadata: String?

        func run() throws {
            let source = try ledger.open()
            if let datasetteMetadata {
                for path in [out, ledger.path] where samePath(datasetteMetadata, path) {
                    throw LedgerError.invalidValue(field: "--datasette-metadata", value: datasetteMetadata,
                                                   expected: "a path other than the ledger and the copy")
                }
                try AtomicFile.check(datasetteMetadata, AtomicFile.Options(
                    field: "--datasette-metadata", allowTerminal: true, protected: [ledger.path],
                    expectedNew: "a path where no file exists yet"))
            }
            let copy = try source.exportRedactedCopy(to: out)
            if let datasetteMetadata {
                let metadata = Datasette.metadata(database: Datasette.databaseName(forFile: out))
                try AtomicFile.write(Data(metadata.pretty.utf8), to: datasetteMetadata, AtomicFile.Options(
                    field: "--datasette-metadata", allowTerminal: true, protected: [ledger.path],
                    expectedNew: "a path where no file exists yet"))
            }
            // The summary goes to stderr when the copy itself went to stdout.
            let summary = """
                wrote \(out): \(copy.sourcesRedacted) confidential source(s) redacted, \(copy.imagesMasked) journal \
                image(s) masked, \(copy.journalEntries) entries re-chained, head \(copy.headSeq) \(copy.headHash)
                """
            if AtomicFile.isStandardOutput(out) { Output.note(summary) } else { Output.line(summary) }
        }

        private func samePath(_ a: String, _ b: String) -> Bool {
            URL(fileURLWithPath: a).standardizedFileURL.resolvingSymlinksInPath().path
                == URL(fileURLWithPath: b).standardizedFileURL.resolvingSymlinksInPath().path
        }
    }
}
