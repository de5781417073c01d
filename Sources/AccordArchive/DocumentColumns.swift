import Foundation
import AccordModel

/// The values of a record that `accord list` shows and filters on, and the indicator text that
/// search covers beside the cleaned text. Taken from the canonical record only.
public struct DocumentColumns: Sendable, Hashable, Codable {
    public var format: String
    public var documentKind: String
    public var projectCode: String?
    public var lot: String?
    public var title: String?
    public var buyer: String?
    public var supplier: String?
    public var amountOriginal: Decimal?
    public var amountAmended: Decimal?
    public var findings: FindingCounts
    /// One line per indicator: package, category, item, requirement, sub-item, standard.
    public var indicatorText: String

    public init(_ record: CanonicalDocument) {
        format = record.source.format
        documentKind = record.documentKind.rawValue
        let c = record.contract
        projectCode = c?.projectCode?.value
        lot = c?.lot?.value
        title = c?.title?.value
        buyer = c?.buyer?.value
        supplier = c?.supplier?.value
        amountOriginal = c?.amount?.original?.value
        amountAmended = c?.amount?.amended?.value
        var counts = FindingCounts()
        for f in record.report.findings {
            switch f.severity {
            case .error: counts.error += 1
            case .warning: counts.warning += 1
            case .info: counts.info += 1
            }
        }
        findings = counts
        var lines: [String] = []
        for package in record.packages {
            for i in package.indicators {
                lines.append([package.name?.value, i.category, i.item, i.requirement, i.subitem, i.standard]
                    .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " "))
            }
        }
        indicatorText = lines.joined(separator: "\n")
    }
}
