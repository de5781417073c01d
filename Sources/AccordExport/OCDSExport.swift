import Foundation
import AccordModel

/// Canonical records as an OCDS 1.1 release package (Open Contracting Data Standard, validated
/// against the 1.1.5 schemas).
///
/// - **ocid**: `ocidPrefix` + the project code (`ocds-accord-LGDL2025000084-A`); a record without a
///   project code gets `ocidPrefix` + `sha256-` + the first 16 hex digits of its source file's sha256
///   (a process of its own: nothing links it to another document). The default prefix
///   `ocds-accord-` is not a registered OCDS prefix: a publisher sets its own.
/// - **Releases**: one per agreement, and one per supplementary agreement.
///   A contract (`documentKind == .contract`) gives a release tagged `contract`; a supplementary
///   agreement (`.amendment`) one tagged `contractAmendment`, with the amended value and
///   `contracts[].amendments[]` (the rationale lists the amended clauses, `clause: before → after`).
///   Both carry the same `awards[].id` (`award`) and `contracts[].id` (`contract`), as OCDS relates
///   an amendment to its contract within one ocid.
/// - **Release ids**: `<ocid>-<documentKind>-<first 16 hex of the source sha256>`, e.g.
///   `ocds-accord-LGDL2025000084-A-amendment-5549e20657be932f`: the same file always gives the same
///   id (the same file twice in one export: the second gets `-<archive id>` appended).
///   An amendment's `amendsReleaseID` is the release id of the first contract of the same ocid in the
///   export, or `<ocid>-contract` when the export has none (the id a release of the original
///   contract, published elsewhere, is expected to have).
/// - **Skipped**: requirements documents (采购需求, indicator tables with no contract terms), records
///   of unknown kind, and agreements whose contract terms were not read: none has the parties and
///   value a contracting release is about (`skipped(_:)` lists them with the reason).
/// - **Budget**: the stated total (经费总额) goes to `planning.budget.amount` (with the project code
///   and name as `projectID` and `project`). The budget lines go to `contracts[].items[]`, one item
///   each, `quantity` 1 and `unit.value` the line's amount in CNY: the core schema's only place for
///   a priced breakdown of a contract. An item's id follows the lines' nesting (`1`, `1.1`, `1.2`,
///   `2`…: a sub-line such as 持证社工经费 is part of 项目人力费用, so sum the top-level items only),
///   its description names the line, its parent and its share of the total.
/// - **Amounts**: a contract release carries the original figures; an amendment release the amended
///   ones only (`contracts[].value`, `planning.budget`, the items' `unit.value`): where the amended
///   figure was not read, the field is left out rather than filled with the original. The award's
///   value is the original contract amount in both.
/// - **Dates**: the release `date` is the original contract's signing date (`originalSignedDate`)
///   at 00:00:00+08:00, else `publishedDate`; `contracts[].period` runs from the start date at
///   00:00:00+08:00 to the end date at 23:59:59+08:00 (China Standard Time, dates as written).
public struct OCDSExport: Sendable {
    /// The default ocid prefix (not registered with OCDS: replace it with the publisher's own).
    public static let defaultOCIDPrefix = "ocds-accord-"

    public var ocidPrefix: String
    public var publisherName: String
    public var publishedDate: Date
    /// The package's `uri` (required by the schema): where the package is published.
    public var uri: String
    /// Indented output (the default) or one line.
    public var pretty: Bool

    public init(ocidPrefix: String = OCDSExport.defaultOCIDPrefix, publisherName: String = "Accord",
                publishedDate: Date, uri: String = "urn:accord:ocds:release-package", pretty: Bool = true) {
        self.ocidPrefix = ocidPrefix; self.publisherName = publisherName; self.publishedDate = publishedDate
        self.uri = uri; self.pretty = pretty
    }

    /// The release package for the items, as UTF-8 JSON with sorted keys.
    public func package(_ items: [ExportItem]) throws -> [UInt8] {
        let package = OCDSPackage(uri: uri, publishedDate: Self.dateTime(publishedDate),
                                  publisher: OCDSPublisher(name: publisherName), releases: releases(items))
        return try JSONExport.bytes(package, pretty: pretty)
    }

    /// The items that give no release, with the reason.
    public func skipped(_ items: [ExportItem]) -> [OCDSSkipped] {
        items.compactMap { item in skipReason(item.record).map { OCDSSkipped(id: item.id, path: item.path, reason: $0) } }
    }

    /// The record's ocid: the prefix and the project code, or `sha256-` and the source's first 16 hex digits.
    public func ocid(_ record: CanonicalDocument) -> String {
        let code = record.contract?.projectCode?.value.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return ocidPrefix + (code.isEmpty ? "sha256-" + Self.shaPrefix(record) : code)
    }

    /// The release id a record is given (before any collision suffix), nil when it gives no release.
    public func releaseID(_ record: CanonicalDocument) -> String? {
        guard skipReason(record) == nil else { return nil }
        return "\(ocid(record))-\(record.documentKind.rawValue)-\(Self.shaPrefix(record))"
    }

    // MARK: releases

    func releases(_ items: [ExportItem]) -> [OCDSRelease] {
        var ids: [Int: String] = [:], used: Set<String> = []
        for (i, item) in items.enumerated() {
            guard var id = releaseID(item.record) else { continue }
            if used.contains(id) { id += "-\(item.id)" }
            used.insert(id); ids[i] = id
        }
        // The first contract release of each ocid: what an amendment of that ocid amends.
        var contractRelease: [String: String] = [:]
        for (i, item) in items.enumerated() where item.record.documentKind == .contract {
            guard let id = ids[i] else { continue }
            let o = ocid(item.record)
            if contractRelease[o] == nil { contractRelease[o] = id }
        }
        return items.enumerated().compactMap { i, item in
            guard let id = ids[i], let contract = item.record.contract else { return nil }
            let o = ocid(item.record)
            return release(item.record, contract, ocid: o, id: id, amends: contractRelease[o] ?? "\(o)-contract")
        }
    }

    private func skipReason(_ record: CanonicalDocument) -> String? {
        switch record.documentKind {
        case .requirements: return "requirements document: indicator tables without contract terms"
        case .unknown: return "document of unknown kind"
        case .contract, .amendment:
            return record.contract == nil ? "\(record.documentKind.rawValue) whose contract terms were not read" : nil
        }
    }

    private func release(_ record: CanonicalDocument, _ c: Contract, ocid: String, id: String, amends: String) -> OCDSRelease {
        let amendment = record.documentKind == .amendment
        let buyer = c.buyer.map { OCDSOrganizationReference(id: Self.partyID($0.value), name: $0.value) }
        let supplier = c.supplier.map { OCDSOrganizationReference(id: Self.partyID($0.value), name: $0.value) }
        let signed = c.originalSignedDate.flatMap { Self.dateTime(day: $0.value, endOfDay: false) }

        var contract = OCDSContract(id: "contract", awardID: "award")
        contract.title = amendment ? (c.projectName?.value ?? c.title?.value) : c.title?.value
        let amount = amendment ? c.amount?.amended : c.amount?.original
        contract.value = amount.map { OCDSValue(amount: $0.value) }
        let start = c.period?.start.flatMap { Self.dateTime(day: $0.value, endOfDay: false) }
        let end = c.period?.end.flatMap { Self.dateTime(day: $0.value, endOfDay: true) }
        if start != nil || end != nil { contract.period = OCDSPeriod(startDate: start, endDate: end) }
        contract.dateSigned = signed
        let items = Self.items(c.budget, amended: amendment)
        contract.items = items.isEmpty ? nil : items
        if amendment {
            contract.amendments = [OCDSAmendment(id: "amendment-\(Self.shaPrefix(record))", description: c.title?.value,
                                                 rationale: Self.rationale(c.amendments), amendsReleaseID: amends, releaseID: id)]
        }

        var planning: OCDSPlanning?
        let total = amendment ? c.budgetTotal?.amended : c.budgetTotal?.original
        if let total {
            planning = OCDSPlanning(budget: OCDSBudget(id: c.projectCode.map { "budget-\($0.value)" }, description: "经费总额",
                                                       amount: OCDSValue(amount: total.value),
                                                       projectID: c.projectCode?.value, project: c.projectName?.value))
        }

        var award = OCDSAward(id: "award")
        award.suppliers = supplier.map { [$0] }
        award.value = c.amount?.original.map { OCDSValue(amount: $0.value) }

        return OCDSRelease(ocid: ocid, id: id, date: signed ?? Self.dateTime(publishedDate),
                           tag: [amendment ? "contractAmendment" : "contract"],
                           parties: Self.parties(buyer: buyer, supplier: supplier), buyer: buyer,
                           planning: planning, awards: [award], contracts: [contract])
    }

    /// The buyer and the supplier, one party each (one party with both roles when the names agree).
    static func parties(buyer: OCDSOrganizationReference?, supplier: OCDSOrganizationReference?) -> [OCDSParty]? {
        var parties: [OCDSParty] = []
        for (ref, role) in [(buyer, "buyer"), (supplier, "supplier")] {
            guard let ref else { continue }
            if let i = parties.firstIndex(where: { $0.id == ref.id }) { parties[i].roles.append(role) }
            else { parties.append(OCDSParty(id: ref.id, name: ref.name, roles: [role])) }
        }
        return parties.isEmpty ? nil : parties
    }

    /// The budget lines as contract items (ids `1`, `1.1`, `2`…; see the type's documentation).
    static func items(_ budget: [BudgetLine], amended: Bool) -> [OCDSItem] {
        var items: [OCDSItem] = []
        var topIndex: [String: Int] = [:], children: [String: Int] = [:]
        var top = 0
        for line in budget {
            let figure = amended ? line.amended : line.original
            let id: String
            var description = line.item
            if let parent = line.parent, let p = topIndex[parent] {
                let n = (children[parent] ?? 0) + 1
                children[parent] = n
                id = "\(p).\(n)"
                description = "\(parent) / \(line.item)"
            } else {
                top += 1
                id = "\(top)"
                topIndex[line.item] = top
            }
            if let share = figure?.share?.value { description += "（占经费总额\(share)%）" }
            items.append(OCDSItem(id: id, description: description,
                                  unit: figure?.amount.map { OCDSUnit(name: "项", value: OCDSValue(amount: $0.value)) }))
        }
        return items
    }

    /// The amended clauses, one a line: `第九条（一）款：before → after`.
    static func rationale(_ amendments: [Amendment]) -> String? {
        guard !amendments.isEmpty else { return nil }
        return amendments.map { a in
            (a.clause.map { $0 + "：" } ?? "") + a.before.value + (a.after.map { " → " + $0.value } ?? "")
        }.joined(separator: "\n")
    }

    // MARK: ids and dates

    static func shaPrefix(_ record: CanonicalDocument) -> String { String(record.source.sha256.prefix(16)) }

    /// A party's id from its name: `org-` and the 64-bit FNV-1a hash of the name's UTF-8, in hex
    /// (stable across exports and machines; the same name is the same party).
    static func partyID(_ name: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in name.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        let hex = String(h, radix: 16)
        return "org-" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// `YYYY-MM-DD` as an ISO date-time in China Standard Time, nil for anything else.
    static func dateTime(day: String, endOfDay: Bool) -> String? {
        let parts = day.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { ("0"..."9").contains($0) } }),
              let month = Int(parts[1]), let d = Int(parts[2]), (1...12).contains(month), (1...31).contains(d) else { return nil }
        return day + (endOfDay ? "T23:59:59+08:00" : "T00:00:00+08:00")
    }

    static func dateTime(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: date)
    }
}

/// A document that gives no OCDS release, and why.
public struct OCDSSkipped: Sendable, Hashable {
    public var id: Int64
    public var path: String
    public var reason: String
}
