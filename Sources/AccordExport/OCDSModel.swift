import Foundation

// The parts of OCDS 1.1 (release-package and release schemas) that `OCDSExport` writes. Every
// optional field that is nil is left out; keys come out sorted (`JSONExport`), amounts as JSON
// numbers written from the `Decimal` itself.

struct OCDSPackage: Encodable {
    var uri: String
    var version = "1.1"
    var publishedDate: String
    var publisher: OCDSPublisher
    var releases: [OCDSRelease]
}

struct OCDSPublisher: Encodable {
    var name: String
}

struct OCDSRelease: Encodable {
    var ocid: String
    var id: String
    var date: String
    var tag: [String]
    var initiationType = "tender"
    var language = "zh"
    var parties: [OCDSParty]?
    var buyer: OCDSOrganizationReference?
    var planning: OCDSPlanning?
    var awards: [OCDSAward]?
    var contracts: [OCDSContract]?
}

struct OCDSParty: Encodable {
    var id: String
    var name: String
    var roles: [String]
}

struct OCDSOrganizationReference: Encodable {
    var id: String
    var name: String
}

struct OCDSValue: Encodable {
    var amount: Decimal
    var currency = "CNY"
}

struct OCDSPeriod: Encodable {
    var startDate: String?
    var endDate: String?
}

struct OCDSPlanning: Encodable {
    var budget: OCDSBudget
}

struct OCDSBudget: Encodable {
    var id: String?
    var description: String?
    var amount: OCDSValue
    var projectID: String?
    var project: String?
}

struct OCDSAward: Encodable {
    var id: String
    var status = "active"
    var suppliers: [OCDSOrganizationReference]?
    var value: OCDSValue?
}

struct OCDSContract: Encodable {
    var id: String
    var awardID: String
    var title: String?
    var status = "active"
    var period: OCDSPeriod?
    var value: OCDSValue?
    var dateSigned: String?
    var items: [OCDSItem]?
    var amendments: [OCDSAmendment]?
}

struct OCDSItem: Encodable {
    var id: String
    var description: String
    var quantity: Decimal = 1
    var unit: OCDSUnit?
}

struct OCDSUnit: Encodable {
    var name: String
    var value: OCDSValue
}

struct OCDSAmendment: Encodable {
    var id: String
    var description: String?
    var rationale: String?
    var amendsReleaseID: String
    var releaseID: String
}
