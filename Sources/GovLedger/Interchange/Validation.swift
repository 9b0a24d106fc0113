// The same rules for a record read from a file as for one typed on the command line: every text field is
// checked (no control characters, no empty names, bounded length) and every code normalised.

extension Agency {
    /// The record checked by the one text policy (`Text`), codes normalised; throws naming the field.
    public func validated(at: String) throws -> Agency {
        var copy = self
        copy.name = try Text.name(name, field: at + ".name")
        copy.acronym = try Text.line(acronym, field: at + ".acronym")
        copy.cgacCode = try Text.code(cgacCode, field: at + ".cgac_code", lengths: 3...3)
        copy.fpdsCode = try Text.code(fpdsCode, field: at + ".fpds_code", lengths: 4...4)
        copy.subtierCode = try Text.code(subtierCode, field: at + ".subtier_code", lengths: 4...4)
        copy.officeCode = try Text.officeCode(officeCode, field: at + ".office_code")
        copy.frecCode = try Text.code(frecCode, field: at + ".frec_code", lengths: 4...4)
        if let frec = copy.frecCode, !frec.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            throw LedgerError.invalidValue(field: at + ".frec_code", value: frec, expected: "a 4-digit FREC code")
        }
        return copy
    }
}

extension Vendor {
    /// The record checked by the one text policy (`Text`), codes normalised; throws naming the field.
    public func validated(at: String) throws -> Vendor {
        var copy = self
        copy.name = try Text.name(name, field: at + ".name")
        copy.uei = try Text.uei(uei, field: at + ".uei")
        copy.website = try Text.line(website, field: at + ".website")
        copy.aliases = try aliases.map { alias throws(LedgerError) in try Text.name(alias, field: at + ".aliases") }
        copy.identifiers = try identifiers?.enumerated().map { index, identifier in
            try identifier.validated(at: at + ".identifiers[\(index)]")
        }
        if copy.identifiers?.isEmpty == true { copy.identifiers = nil }
        return copy
    }
}

extension Source {
    /// The record checked by the one text policy (`Text`), codes normalised; throws naming the field.
    public func validated(at: String) throws -> Source {
        var copy = self
        copy.title = try Text.name(title, field: at + ".title")
        copy.publisher = try Text.line(publisher, field: at + ".publisher")
        copy.url = try Text.line(url, field: at + ".url")
        copy.notes = try Text.prose(notes, field: at + ".notes")
        return copy
    }
}

extension Solicitation {
    /// The record checked by the one text policy (`Text`), codes normalised; throws naming the field.
    public func validated(at: String) throws -> Solicitation {
        var copy = self
        copy.title = try Text.name(title, field: at + ".title")
        copy.noticeId = try Text.line(noticeId, field: at + ".notice_id")
        copy.solicitationNumber = try Text.line(solicitationNumber, field: at + ".solicitation_number")
        copy.description = try Text.prose(description, field: at + ".description")
        copy.url = try Text.line(url, field: at + ".url")
        return copy
    }
}

extension Pursuit {
    /// The record checked by the one text policy (`Text`), codes normalised; throws naming the field.
    public func validated(at: String) throws -> Pursuit {
        var copy = self
        copy.title = try Text.name(title, field: at + ".title")
        copy.summary = try Text.prose(summary, field: at + ".summary")
        copy.currency = try currency.map { try Money.parseCurrency($0, field: at + ".currency") }
        copy.estimatedValueCents = try Money.checkCents(estimatedValueCents, field: at + ".estimated_value_cents",
                                                        allowNegative: false)
        if let estimatedValueQualifier, estimatedValueCents == nil {
            throw LedgerError.invalidValue(field: at + ".estimated_value_qualifier", value: estimatedValueQualifier.rawValue,
                                           expected: "a qualifier beside an estimated_value_cents")
        }
        return copy
    }
}

extension StageChange {
    /// The record checked by the one text policy (`Text`), codes normalised; throws naming the field.
    public func validated(at: String) throws -> StageChange {
        var copy = self
        copy.note = try Text.prose(note, field: at + ".note")
        return copy
    }
}

extension Document {
    /// The record checked by the one text policy (`Text`), codes normalised; throws naming the field.
    public func validated(at: String) throws -> Document {
        var copy = self
        copy.title = try Text.name(title, field: at + ".title")
        copy.pages = try Text.positive(pages, field: at + ".pages")
        copy.authorOrganization = try Text.line(authorOrganization, field: at + ".author_organization")
        copy.summary = try Text.prose(summary, field: at + ".summary")
        copy.url = try Text.line(url, field: at + ".url")
        copy.sha256 = try Text.sha256(sha256, field: at + ".sha256")
        copy.files = try files.map { files in
            try files.enumerated().map { index, file in try file.validated(at: at + ".files[\(index)]") }
        }
        return copy
    }
}

extension Award {
    /// The record checked by the one text policy (`Text`), codes normalised; throws naming the field.
    public func validated(at: String) throws -> Award {
        var copy = self
        copy.awardKey = try Text.line(awardKey, field: at + ".award_key")
        copy.piid = try Text.line(piid, field: at + ".piid")
        copy.description = try Text.prose(description, field: at + ".description")
        copy.awardType = try Text.line(awardType, field: at + ".award_type")
        copy.currency = try Money.parseCurrency(currency, field: at + ".currency")
        copy.obligatedCents = try Money.checkCents(obligatedCents, field: at + ".obligated_cents", allowNegative: true)
        copy.potentialCents = try Money.checkCents(potentialCents, field: at + ".potential_cents", allowNegative: false)
        copy.permalink = try Text.line(permalink, field: at + ".permalink")
        copy.transactions = try transactions?.enumerated().map { index, transaction in
            try transaction.validated(at: at + ".transactions[\(index)]")
        }.sorted(by: AwardTransaction.precedes)
        if copy.transactions?.isEmpty == true { copy.transactions = nil }
        return copy
    }
}

extension Event {
    /// The record checked by the one text policy (`Text`), codes normalised; throws naming the field.
    public func validated(at: String) throws -> Event {
        var copy = self
        copy.title = try Text.name(title, field: at + ".title")
        copy.summary = try Text.prose(summary, field: at + ".summary")
        copy.url = try Text.line(url, field: at + ".url")
        if let signatures, signatures < 0 {
            throw LedgerError.invalidValue(field: at + ".signatures", value: "\(signatures)", expected: "0 or more")
        }
        if let signaturesQualifier, signatures == nil {
            throw LedgerError.invalidValue(field: at + ".signatures_qualifier", value: signaturesQualifier.rawValue,
                                           expected: "a qualifier beside a signatures count")
        }
        return copy
    }
}

extension Citation {
    /// The record checked by the one text policy (`Text`), codes normalised; throws naming the field.
    public func validated(at: String) throws -> Citation {
        var copy = self
        copy.quote = try Text.prose(quote, field: at + ".quote")
        copy.page = try Text.positive(page, field: at + ".page")
        return copy
    }
}

extension Judgement {
    /// The record checked by the one text policy (`Text`); throws naming the field.
    public func validated(at: String) throws -> Judgement {
        var copy = self
        copy.reason = try Text.prose(reason, field: at + ".reason")
        guard vendorId != otherVendorId else {
            throw LedgerError.invalidValue(field: at + ".other_vendor_id", value: "\(otherVendorId)",
                                           expected: "a vendor other than vendor_id")
        }
        return copy
    }
}

extension DocumentFile {
    /// The entry checked by the one text policy (`Text`); throws naming the field.
    public func validated(at: String) throws -> DocumentFile {
        var copy = self
        guard let sha256 = try Text.sha256(sha256, field: at + ".sha256") else {
            throw LedgerError.invalidValue(field: at + ".sha256", value: "", expected: "a SHA-256 (64 hex digits)")
        }
        copy.sha256 = sha256
        guard size >= 0 else { throw LedgerError.invalidValue(field: at + ".size", value: "\(size)", expected: "0 or more") }
        copy.name = try Ledger.safeName(name, field: at + ".name")
        for (field, value) in [("media_type", mediaType), ("attached_at", attachedAt), ("attached_by", attachedBy)] {
            guard try Text.line(value, field: at + "." + field) == value, !value.isEmpty else {
                throw LedgerError.invalidValue(field: at + "." + field, value: value, expected: "one line of text")
            }
        }
        return copy
    }
}

extension Person {
    /// The record checked by the one text policy (`Text`); throws naming the field.
    public func validated(at: String) throws -> Person {
        var copy = self
        copy.name = try Text.name(name, field: at + ".name")
        copy.notes = try Text.prose(notes, field: at + ".notes")
        copy.roles = try roles.enumerated().map { index, role in
            var role = role
            role.title = try Text.name(role.title, field: at + ".roles[\(index)].title")
            if role.vendorId != nil, role.agencyId != nil {
                throw LedgerError.invalidValue(field: at + ".roles[\(index)]", value: role.title,
                                               expected: "a role at a vendor or an agency, not both")
            }
            if let since = role.since, let until = role.until, until.last < since.first {
                throw LedgerError.invalidValue(field: at + ".roles[\(index)].until", value: until.text,
                                               expected: "a date on or after since (\(since.text))")
            }
            return role
        }
        return copy
    }
}

extension ReplyRequest {
    /// The record checked by the one text policy (`Text`) and the rules `ask` and `reply` keep; throws naming the field.
    public func validated(at: String) throws -> ReplyRequest {
        var copy = self
        copy.text = try Text.prose(text, field: at + ".text")
        if let deadline, deadline.last < asked.first {
            throw LedgerError.invalidValue(field: at + ".deadline", value: deadline.text,
                                           expected: "a date on or after asked (\(asked.text))")
        }
        if let answered, answered.last < asked.first {
            throw LedgerError.invalidValue(field: at + ".answered", value: answered.text,
                                           expected: "a date on or after asked (\(asked.text))")
        }
        if (outcome == nil) != (answered == nil) {
            throw LedgerError.invalidValue(field: at + ".outcome", value: outcome?.rawValue ?? "none",
                                           expected: "an outcome exactly when answered is given")
        }
        if (outcome == .replied) != (documentId != nil || copy.text != nil) {
            throw LedgerError.invalidValue(field: at + ".outcome", value: outcome?.rawValue ?? "none",
                                           expected: "replied exactly when a text or a document is given")
        }
        return copy
    }
}
