import Foundation
import AccordModel

/// Findings as a person reads them in bulk: repeated findings of one code in one document (a
/// dump with 29 cut lines) as one line with the count and the places. The record keeps each.
public struct DigestLine: Sendable, Codable, Hashable {
    public var code: String
    public var severity: Severity
    /// The first finding's message.
    public var message: String
    public var count: Int
    /// Each finding's place (`L12:5-18`, `page 1 [..]`), in order; empty ones left out.
    public var places: [String]
    /// The finding keys (`code#n`) it stands for.
    public var keys: [String]

    /// `message` alone, or `code ×N at L1, L2, … (and K more)`.
    public func line(maxPlaces: Int = 6) -> String {
        guard count > 1 else { return message }
        let shown = places.prefix(maxPlaces).joined(separator: ", ")
        let more = places.count > maxPlaces ? " and \(places.count - maxPlaces) more" : ""
        return "\(count)× — \(message)" + (shown.isEmpty ? "" : " — at \(shown)\(more)")
    }
}

public enum FindingDigest {
    /// A document's finding keys, in order: `code#n`, n counting that code's findings from 1.
    public static func keys(_ findings: [Finding]) -> [String] {
        var seen: [String: Int] = [:]
        return findings.map { f in
            seen[f.code, default: 0] += 1
            return "\(f.code)#\(seen[f.code] ?? 1)"
        }
    }

    /// One line per code (and severity), in the order codes first appear.
    public static func digest(_ findings: [Finding]) -> [DigestLine] {
        let keys = keys(findings)
        var order: [String] = []
        var lines: [String: DigestLine] = [:]
        for (f, key) in zip(findings, keys) {
            let k = f.code + "\u{1F}" + f.severity.rawValue
            let place = f.provenance.map { $0.locator.description } ?? ""
            if var l = lines[k] {
                l.count += 1
                if !place.isEmpty { l.places.append(place) }
                l.keys.append(key)
                lines[k] = l
            } else {
                order.append(k)
                lines[k] = DigestLine(code: f.code, severity: f.severity, message: f.message, count: 1,
                                      places: place.isEmpty ? [] : [place], keys: [key])
            }
        }
        return order.compactMap { lines[$0] }
    }
}
