import AccordModel

/// What `TargetParser` reads a clause as, one unit per character: `Character`, or — for plain
/// text (`PlainText`), where every character is one scalar that no other sequence is
/// canonically equivalent to — `Unicode.Scalar`. There, comparing two units compares two
/// numbers; comparing two `Character`s of Han text goes through Unicode normalization whenever
/// they differ, and the parser compares each position with dozens of words.
protocol ClauseUnit: Hashable, Sendable {
    init(_ scalar: Unicode.Scalar)
    /// 0–9 for an ASCII or full-width digit (`Numbering.asciiDigit`).
    var asciiDigit: Int? { get }
    /// `TextCleaning.isHan`.
    var isHan: Bool { get }
    /// `ChineseNumerals.isHanNumeralCharacter`.
    var isHanNumeral: Bool { get }
    /// `ChineseNumerals.digitValue`.
    var digitValue: Int? { get }
    /// `Numbering.isUnifiedIdeograph`: none of the brackets and separators.
    var isUnifiedIdeograph: Bool { get }
    var isWhitespace: Bool { get }
    /// An ASCII letter or digit.
    var isASCIIAlnum: Bool { get }
    static func string(_ units: ArraySlice<Self>) -> String
    /// The parser's words split into units of this kind (built once per kind).
    static var vocabulary: ClauseVocabulary<Self> { get }
}

/// `TargetParser`'s word lists as arrays of units, so a word is compared with the clause unit by unit.
struct ClauseVocabulary<Unit: ClauseUnit>: Sendable {
    /// Each unit word, its units, and the units that may not follow it when it is one unit long.
    let units: [(word: String, units: [Unit], notBefore: [Unit])]
    let periods: [(word: String, units: [Unit])]
    let ge, le, strict: [[Unit]]
    let hanNumerals: Set<Unit>
    let rangeSeparators: Set<Unit>
    let openBrackets, closeBrackets, clauseSeparators, leadingJunk: [Unit]
    let slashes: [Unit]
    /// What ends a list label: 、 . ．
    let labelSeparators: [Unit]

    init() {
        func units(_ s: String) -> [Unit] { s.unicodeScalars.map(Unit.init) }
        self.units = TargetParser.units.map { ($0, units($0), units(TargetParser.unitNotBefore[$0] ?? "")) }
        periods = TargetParser.periodWords.map { ($0, units($0)) }
        ge = TargetParser.geOps.map(units)
        le = TargetParser.leOps.map(units)
        strict = TargetParser.strictOps.map(units)
        hanNumerals = Set(units("零〇一二两三四五六七八九十百千万"))
        rangeSeparators = Set(TargetParser.rangeSeps.flatMap { units(String($0)) })
        openBrackets = units("(（[【")
        closeBrackets = units(")）]】")
        clauseSeparators = units("，,；;。")
        leadingJunk = units(":：、/ ")
        slashes = units("/／")
        labelSeparators = units("、.．")
    }
}

extension Character: ClauseUnit {
    var asciiDigit: Int? { Numbering.asciiDigit(self) }
    var isHan: Bool { TextCleaning.isHan(self) }
    var isHanNumeral: Bool { ChineseNumerals.isHanNumeralCharacter(self) }
    var digitValue: Int? { ChineseNumerals.digitValue(self) }
    var isUnifiedIdeograph: Bool { Numbering.isUnifiedIdeograph(self) }
    var isASCIIAlnum: Bool { isASCII && (isLetter || isNumber) }
    static func string(_ units: ArraySlice<Character>) -> String { String(units) }
    static let vocabulary = ClauseVocabulary<Character>()
}

/// Only for scalars of plain text: each property gives what the `Character` of that one scalar gives.
extension Unicode.Scalar: ClauseUnit {
    var asciiDigit: Int? {
        switch value {
        case 0x30...0x39: Int(value - 0x30)
        case 0xFF10...0xFF19: Int(value - 0xFF10)
        default: nil
        }
    }
    /// By value first (`TextCleaning.isHan(scalar:)`): the property table is looked up only
    /// outside the ideograph ranges and ASCII.
    var isHan: Bool { TextCleaning.isHan(scalar: value) }
    var isHanNumeral: Bool { !isASCII && (digitValue != nil || ChineseNumerals.unitValue(scalar: self) != nil) }
    var digitValue: Int? { ChineseNumerals.digitValue(scalar: self) }
    var isUnifiedIdeograph: Bool { value >= 0x4E00 && value <= 0x9FFF }
    /// ASCII and the unified ideographs by value (the same answers as the property table, which
    /// the parser asked of every character of every clause); the rest from the table.
    var isWhitespace: Bool {
        if value < 0x80 { return value == 0x20 || (0x09...0x0D).contains(value) }
        if (0x4E00...0x9FFF).contains(value) { return false }
        return properties.isWhitespace
    }
    var isASCIIAlnum: Bool {
        switch value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        default: false
        }
    }
    /// The scalars' UTF-8, encoded straight into the new string (appending to a
    /// `UnicodeScalarView` one by one costs more than the parse around it).
    static func string(_ units: ArraySlice<Unicode.Scalar>) -> String {
        String(unsafeUninitializedCapacity: units.count * 4) { buf in
            var n = 0
            for u in units {
                let v = u.value
                switch v {
                case ..<0x80:
                    buf[n] = UInt8(v); n += 1
                case ..<0x800:
                    buf[n] = 0xC0 | UInt8(v >> 6); buf[n + 1] = 0x80 | UInt8(v & 0x3F); n += 2
                case ..<0x10000:
                    buf[n] = 0xE0 | UInt8(v >> 12); buf[n + 1] = 0x80 | UInt8((v >> 6) & 0x3F)
                    buf[n + 2] = 0x80 | UInt8(v & 0x3F); n += 3
                default:
                    buf[n] = 0xF0 | UInt8(v >> 18); buf[n + 1] = 0x80 | UInt8((v >> 12) & 0x3F)
                    buf[n + 2] = 0x80 | UInt8((v >> 6) & 0x3F); buf[n + 3] = 0x80 | UInt8(v & 0x3F); n += 4
                }
            }
            return n
        }
    }
    static let vocabulary = ClauseVocabulary<Unicode.Scalar>()
}
