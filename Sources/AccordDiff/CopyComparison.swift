import Foundation
import AccordModel

/// The diff's align and classify steps for two copies of one text (the same annex read from two
/// sources, the same party name in two readings), for the review's reconciliation.
public enum CopyComparison {
    /// The indicators of two copies paired as `accord diff` pairs them, each pair classified.
    public static func indicators(_ a: [Indicator], _ b: [Indicator]) -> [IndicatorPair] {
        let keysA = a.map(IndicatorKeys.init), keysB = b.map(IndicatorKeys.init)
        return IndicatorAlignment.align(keysA, keysB).map {
            IndicatorClassification.classify($0, a: a, b: b, keysA: keysA, keysB: keysB)
        }
    }

    /// How two texts compare once white space, punctuation, full-width forms and leading list
    /// labels are set aside: `equal`, `cut` (one is exactly the beginning of the other, as a
    /// 50-character dump cuts a cell), or `different` with the Dice similarity of their bigrams.
    public enum TextRelation: Equatable, Sendable {
        case equal
        /// `shorter` is "a" or "b": the side that was cut.
        case cut(shorter: String)
        case different(similarity: Double)
    }

    public static func texts(_ a: String?, _ b: String?) -> TextRelation {
        let x = TextKey(a), y = TextKey(b)
        if x == y { return .equal }
        let f = Similarity.field(x, y)
        if f.cut { return .cut(shorter: x.chars.count < y.chars.count ? "a" : "b") }
        return .different(similarity: f.score)
    }

    /// The text as compared (NFKC, letters and digits only, labels removed): equal keys are the same text.
    public static func key(_ text: String?) -> String { TextKey(text).string }
}
