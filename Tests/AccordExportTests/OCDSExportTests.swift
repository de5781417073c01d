import Testing
import Foundation
import AccordModel
import AccordExport
import TestSupport

@Suite struct OCDSExportTests {
    static let published = Date(timeIntervalSince1970: 1_767_225_600) // 2026-01-01T00:00:00Z

    static func json(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    static func releases(_ package: [String: Any]) -> [[String: Any]] { package["releases"] as? [[String: Any]] ?? [] }

    static func first(_ object: [String: Any], _ key: String) -> [String: Any] {
        (object[key] as? [[String: Any]])?.first ?? [:]
    }

    @Test func seed001IsAContractAmendment() throws {
        let record = try ExportFixtures.expected("seed-001.json")
        let export = OCDSExport(publishedDate: Self.published)
        let bytes = try export.package([ExportItem(id: 1, path: "corpus/seeds/001_08ce58bb254aa3f5.txt", record: record)])
        let package = try Self.json(bytes)
        #expect(package["version"] as? String == "1.1")
        #expect(package["publishedDate"] as? String == "2026-01-01T00:00:00Z")
        #expect((package["publisher"] as? [String: Any])?["name"] as? String == "Accord")
        #expect(package["uri"] as? String != nil)

        let releases = Self.releases(package)
        try #require(releases.count == 1)
        let release = releases[0]
        let ocid = "ocds-accord-LGDL2025000084-A"
        let id = "\(ocid)-amendment-5549e20657be932f"
        #expect(release["ocid"] as? String == ocid)
        #expect(release["id"] as? String == id)
        #expect(export.releaseID(record) == id)
        #expect(release["tag"] as? [String] == ["contractAmendment"])
        #expect(release["date"] as? String == "2025-07-30T00:00:00+08:00")
        #expect(release["initiationType"] as? String == "tender")

        // Parties, roles, the buyer reference and the award's supplier.
        let parties = release["parties"] as? [[String: Any]] ?? []
        let roles = Dictionary(uniqueKeysWithValues: parties.compactMap { p in (p["name"] as? String).map { ($0, p["roles"] as? [String] ?? []) } })
        #expect(roles == ["深圳市龙岗区平湖街道办事处": ["buyer"], "深圳市龙岗区正阳社会工作服务中心": ["supplier"]])
        let buyer = release["buyer"] as? [String: Any]
        #expect(buyer?["name"] as? String == "深圳市龙岗区平湖街道办事处")
        #expect(buyer?["id"] as? String == parties.first { ($0["roles"] as? [String]) == ["buyer"] }?["id"] as? String)
        let award = Self.first(release, "awards")
        let supplier = (award["suppliers"] as? [[String: Any]])?.first
        #expect(supplier?["name"] as? String == "深圳市龙岗区正阳社会工作服务中心")
        #expect((supplier?["id"] as? String)?.hasPrefix("org-") == true)

        // The contract: amended value, period, the amendment.
        let contract = Self.first(release, "contracts")
        #expect(contract["awardID"] as? String == award["id"] as? String)
        let value = contract["value"] as? [String: Any]
        #expect((value?["amount"] as? NSNumber)?.int64Value == 2_527_273)
        #expect(value?["currency"] as? String == "CNY")
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("\"amount\" : 2527273,"))
        let period = contract["period"] as? [String: Any]
        #expect(period?["startDate"] as? String == "2025-08-02T00:00:00+08:00")
        #expect(period?["endDate"] as? String == "2026-08-01T23:59:59+08:00")
        let amendment = Self.first(contract, "amendments")
        let rationale = amendment["rationale"] as? String ?? ""
        #expect(rationale.contains("第九条（一）款："))
        #expect(rationale.contains("→ 本合同期按金额252.7273万元"))
        #expect(rationale.components(separatedBy: " → ").count == 5)
        #expect(rationale.hasPrefix("第八条：一、原合同“第八条服务指标”约定"))
        #expect(amendment["releaseID"] as? String == id)
        #expect(amendment["amendsReleaseID"] as? String == "\(ocid)-contract")

        // The budget: the amended total in planning, the lines as items.
        let budget = (release["planning"] as? [String: Any])?["budget"] as? [String: Any]
        #expect(((budget?["amount"] as? [String: Any])?["amount"] as? NSNumber)?.int64Value == 2_527_273)
        #expect(budget?["projectID"] as? String == "LGDL2025000084-A")
        let items = contract["items"] as? [[String: Any]] ?? []
        #expect(items.compactMap { $0["id"] as? String } == ["1", "1.1", "1.2", "2", "3", "4"])
        let sub = items.first { $0["id"] as? String == "1.1" }
        #expect(sub?["description"] as? String == "项目人力费用 / 持证社工经费（占经费总额60.3%）")
        let subValue = (sub?["unit"] as? [String: Any])?["value"] as? [String: Any]
        #expect((subValue?["amount"] as? NSNumber)?.int64Value == 1_523_856)
        // The top-level items add up to the amended total.
        let topSum = items.filter { !(($0["id"] as? String) ?? ".").contains(".") }.compactMap {
            (((($0["unit"] as? [String: Any])?["value"] as? [String: Any])?["amount"]) as? NSNumber)?.int64Value
        }.reduce(0, +)
        #expect(topSum == 2_527_273)
    }

    @Test func amendmentPointsAtTheContractReleaseOfItsOcid() throws {
        var amendment = ExportFixtures.handBuilt()
        amendment.documentKind = .amendment
        amendment.source.sha256 = String(repeating: "cd", count: 32)
        amendment.contract?.amount?.amended = MoneyValue(value: Decimal(string: "12345678901234567.89") ?? 0,
                                                         provenance: ExportFixtures.provenance("x"))
        let contract = ExportFixtures.handBuilt()
        let export = OCDSExport(ocidPrefix: "ocds-test01-", publisherName: "P", publishedDate: Self.published, pretty: false)
        let bytes = try export.package([ExportItem(id: 2, path: "b", record: amendment), ExportItem(id: 1, path: "a", record: contract),
                                        ExportItem(id: 3, path: "a-again", record: contract)])
        let releases = Self.releases(try Self.json(bytes))
        #expect(releases.compactMap { $0["id"] as? String } == ["ocds-test01-XM-1-amendment-\(String(repeating: "cd", count: 8))",
                                                                 "ocds-test01-XM-1-contract-\(String(repeating: "ab", count: 8))",
                                                                 "ocds-test01-XM-1-contract-\(String(repeating: "ab", count: 8))-3"])
        let amended = Self.first(Self.first(releases[0], "contracts"), "amendments")
        #expect(amended["amendsReleaseID"] as? String == releases[1]["id"] as? String)
        // Amounts are the decimal's own digits, never through Double.
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("\"value\":{\"amount\":12345678901234567.89,\"currency\":\"CNY\"}"))
        #expect(text.contains("\"amount\":1000.5,"))
        // The contract release: original value, tag, signed date.
        #expect(releases[1]["tag"] as? [String] == ["contract"])
        #expect(Self.first(releases[1], "contracts")["dateSigned"] as? String == "2025-07-30T00:00:00+08:00")
        #expect(Self.first(releases[1], "contracts")["amendments"] == nil)
    }

    @Test func ocidWithoutProjectCodeAndSkippedKinds() throws {
        let export = OCDSExport(publishedDate: Self.published)
        let seed000 = try ExportFixtures.expected("seed-000.json")
        #expect(seed000.contract?.projectCode == nil)
        #expect(export.ocid(seed000) == "ocds-accord-sha256-" + String(seed000.source.sha256.prefix(16)))
        let seed003 = try ExportFixtures.expected("seed-003.json")
        let items = [ExportItem(id: 3, path: "p3", record: seed003), ExportItem(id: 0, path: "p0", record: seed000)]
        #expect(export.skipped(items).map(\.id) == [3])
        #expect(export.releaseID(seed003) == nil)
        let releases = Self.releases(try Self.json(try export.package(items)))
        try #require(releases.count == 1)
        // No signing date: the release is dated when published.
        #expect(releases[0]["date"] as? String == "2026-01-01T00:00:00Z")
        #expect(releases[0]["ocid"] as? String == export.ocid(seed000))
        // Its amended amount was not read: the amendment states no value rather than the original's.
        #expect(seed000.contract?.amount?.amended == nil)
        #expect(Self.first(releases[0], "contracts")["value"] == nil)
        let awardValue = Self.first(releases[0], "awards")["value"] as? [String: Any]
        #expect((awardValue?["amount"] as? NSNumber)?.int64Value == 2_684_800)
    }

    @Test func keysAreSorted() throws {
        let record = try ExportFixtures.expected("seed-001.json")
        let text = String(decoding: try OCDSExport(publishedDate: Self.published, pretty: false)
            .package([ExportItem(id: 1, path: "p", record: record)]), as: UTF8.self)
        #expect(text.hasPrefix("{\"publishedDate\":\"2026-01-01T00:00:00Z\",\"publisher\":{\"name\":\"Accord\"},\"releases\":[{\"awards\":"))
        #expect(text.hasSuffix("],\"uri\":\"urn:accord:ocds:release-package\",\"version\":\"1.1\"}"))
    }
}
