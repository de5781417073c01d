/// Where a value came from: the source file (sha256), the place in it, the exact snippet,
/// and how sure we are (1 = read from clean text; lower for OCR, salvage or inference).
public struct Provenance: Codable, Hashable, Sendable {
    public var source: String
    public var locator: Locator
    public var text: String
    public var confidence: Double

    public init(source: String, locator: Locator, text: String, confidence: Double) {
        self.source = source; self.locator = locator; self.text = text; self.confidence = confidence
    }
}

/// A value taken from a source, with its provenance.
public struct Sourced<Value: Codable & Hashable & Sendable>: Codable, Hashable, Sendable {
    public var value: Value
    public var provenance: Provenance

    public init(_ value: Value, _ provenance: Provenance) { self.value = value; self.provenance = provenance }
}

/// One kind of change the cleaning made, counted, with a few examples.
public struct CleaningAction: Codable, Hashable, Sendable {
    public var code: String
    public var count: Int
    public var examples: [String]

    public init(code: String, count: Int, examples: [String] = []) {
        self.code = code; self.count = count; self.examples = examples
    }
}

public enum Severity: String, Codable, Hashable, Sendable, Comparable {
    case info, warning, error
    public static func < (a: Severity, b: Severity) -> Bool {
        func rank(_ s: Severity) -> Int { switch s { case .info: 0; case .warning: 1; case .error: 2 } }
        return rank(a) < rank(b)
    }
}

/// Something a person must see: an inconsistency, a doubtful value, a repair.
public struct Finding: Codable, Hashable, Sendable {
    public var code: String
    public var severity: Severity
    public var message: String
    public var provenance: Provenance?
    /// Other places the finding rests on (the total and the share an inferred line was computed
    /// from, another source's reading of the same value); omitted when there are none.
    public var related: [Provenance]?

    public init(code: String, severity: Severity, message: String, provenance: Provenance? = nil, related: [Provenance]? = nil) {
        self.code = code; self.severity = severity; self.message = message; self.provenance = provenance
        self.related = related
    }
}

/// Accumulates cleaning actions by code.
public struct ActionLog: Sendable {
    private var order: [String] = []
    private var byCode: [String: CleaningAction] = [:]
    public var maxExamples = 3

    public init() {}

    public mutating func record(_ code: String, count: Int = 1, example: String? = nil) {
        guard count > 0 || example != nil else { return }
        // One hash lookup, and the stored action changed in place (a copy taken out and written
        // back would copy its examples on every append): readers record once per paragraph.
        if let i = byCode.index(forKey: code) {
            byCode.values[i].count += count
            if let example, byCode.values[i].examples.count < maxExamples, !byCode.values[i].examples.contains(example) {
                byCode.values[i].examples.append(example)
            }
        } else {
            order.append(code)
            var action = CleaningAction(code: code, count: count)
            if let example, maxExamples > 0 { action.examples.append(example) }
            byCode[code] = action
        }
    }

    /// Whether `record(code, example:)` could still keep an example of `code` (fewer than
    /// `maxExamples` kept so far): once not, an example made for it is only thrown away.
    public func wantsExample(_ code: String) -> Bool {
        guard let a = byCode[code] else { return maxExamples > 0 }
        return a.examples.count < maxExamples
    }

    public mutating func merge(_ actions: [CleaningAction]) {
        for a in actions {
            record(a.code, count: a.count)
            for e in a.examples { record(a.code, count: 0, example: e) }
        }
    }

    public var actions: [CleaningAction] { order.compactMap { byCode[$0] } }
}
