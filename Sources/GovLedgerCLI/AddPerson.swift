import ArgumentParser
import GovLedger

extension GovLedgerCommand {
    struct AddPerson: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "person", abstract: "Record a person the story names, with a first role.",
            discussion: """
                Add further roles with 'govledger role add'. A person who is a confidential source's identity \
                ('add source --person P --confidential') is named in no export, report, search result or error.
                """)

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "The person's name.") var name: String
        @OptionGroup var role: RoleOptions
        @Option(help: "Notes about the person; published with them unless they are a confidential source.")
        var notes: String?

        func validate() throws {
            if role.role == nil, let stray = role.stray {
                throw ValidationError("\(stray) describes a role: give --role too")
            }
        }

        func run() throws {
            let roles = try role.role.map { [try role.input($0)] } ?? []
            Output.line("\(try ledger.open().addPerson(name: name, roles: roles, notes: notes))")
        }
    }

    struct Role: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a person's roles at vendors and agencies.", subcommands: [RoleAdd.self])
    }

    struct RoleAdd: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add a dated role to a person: 'role add \"Marc Benioff\" --role CEO --vendor Salesforce'.",
            discussion: "Prints the person's id.")

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "The person (id or name).") var person: String
        @OptionGroup var role: RoleOptions

        func validate() throws {
            if role.role == nil { throw ValidationError("Missing expected argument '--role <role>'") }
        }

        func run() throws {
            guard let title = role.role else { return }
            Output.line("\(try ledger.open().addRole(person: person, try role.input(title)))")
        }
    }
}

/// A role's options, shared by `add person` and `role add`.
struct RoleOptions: ParsableArguments {
    @Option(help: "The position held: CEO, Acting Director, engineer.") var role: String?
    @Option(help: "The vendor they hold it at.") var vendor: String?
    @Option(help: "The agency they hold it at.") var agency: String?
    @Option(help: "First known day in the role (any date form: 2019, 2019-05, ..2020-01-01).") var since: String?
    @Option(help: "Last known day in the role.") var until: String?

    func validate() throws {
        if vendor != nil, agency != nil { throw ValidationError("--vendor and --agency: a role is at one of them") }
    }

    /// The first role option given without --role, if any.
    var stray: String? {
        [("--vendor", vendor), ("--agency", agency), ("--since", since), ("--until", until)].first { $0.1 != nil }?.0
    }

    func input(_ title: String) throws -> RoleInput {
        RoleInput(title: title, vendor: vendor, agency: agency, since: try date(since, "--since"),
                  until: try date(until, "--until"))
    }
}
