import Foundation

/// List numbering as Word shows it, from `numbering.xml` (or Word 2003's `w:lists`).
///
/// A paragraph refers to a list instance (`w:numId`, Word 2003 `w:ilfo`) and a level (`w:ilvl`);
/// the instance points at an abstract definition whose levels give the start value, the number
/// format (`decimal`, `chineseCounting`, `ideographDigital`, …) and the label template
/// (`%1.`, `(%1)`, `%1、`, `%1.%2`). Instances without a start override share the counters of
/// their abstract definition (Word continues such lists); an instance with `w:startOverride`
/// restarts.
struct NumberingDefinitions: Sendable {
    struct Level: Sendable {
        var start = 1
        var format = "decimal"
        var text = "%1."
        var suffix = "tab"
        var isLegal = false
    }
    struct Instance: Sendable {
        var abstractId: Int
        var startOverrides: [Int: Int] = [:]
        var levelOverrides: [Int: Level] = [:]
    }
    var abstracts: [Int: [Int: Level]] = [:]
    var instances: [Int: Instance] = [:]

    /// Parses `word/numbering.xml`.
    static func parse(_ data: Data, part: String) throws(ReadError) -> NumberingDefinitions {
        try parse(XMLStream(data, part: part), until: -1)
    }

    /// Reads numbering definitions from the stream until the end tag at `endDepth` (-1: the end).
    static func parse(_ s: XMLStream, until endDepth: Int) throws(ReadError) -> NumberingDefinitions {
        var defs = NumberingDefinitions()
        var currentAbstract: Int?
        var currentNum: Int?
        var currentLevel: (Int, Level)?
        var overrideLevel: Int?
        var levelDepth = -1
        while try s.read() {
            if s.nodeType == .endElement {
                if s.depth == endDepth { break }
                if s.depth == levelDepth, let (i, l) = currentLevel {
                    if let a = currentAbstract { defs.abstracts[a, default: [:]][i] = l }
                    else if let n = currentNum { defs.instances[n]?.levelOverrides[i] = l }
                    currentLevel = nil; levelDepth = -1
                }
                switch s.localName {
                case "abstractNum", "listDef": currentAbstract = nil
                case "num", "list": currentNum = nil
                case "lvlOverride": overrideLevel = nil
                default: break
                }
                continue
            }
            guard s.nodeType == .element else { continue }
            switch s.localName {
            case "abstractNum": currentAbstract = s.attribute("abstractNumId").flatMap { Int($0) }
            case "listDef": currentAbstract = s.attribute("listDefId").flatMap { Int($0) }
            case "num": currentNum = s.attribute("numId").flatMap { Int($0) }
                if let n = currentNum { defs.instances[n] = Instance(abstractId: -1) }
            case "list": currentNum = s.attribute("ilfo").flatMap { Int($0) }
                if let n = currentNum { defs.instances[n] = Instance(abstractId: -1) }
            case "abstractNumId", "ilst":
                if let n = currentNum, let a = s.attribute("val").flatMap({ Int($0) }) { defs.instances[n]?.abstractId = a }
            case "lvlOverride":
                overrideLevel = s.attribute("ilvl").flatMap { Int($0) }
            case "startOverride":
                if let n = currentNum, let l = overrideLevel, let v = s.attribute("val").flatMap({ Int($0) }) {
                    defs.instances[n]?.startOverrides[l] = Self.clampStart(v)
                }
            case "lvl":
                let i = s.attribute("ilvl").flatMap { Int($0) } ?? overrideLevel ?? 0
                currentLevel = (i, Level(start: currentAbstract != nil ? 0 : 1))
                if s.isEmptyElement { currentLevel = nil } else { levelDepth = s.depth }
            case "start": currentLevel?.1.start = Self.clampStart(s.attribute("val").flatMap { Int($0) } ?? 0)
            case "numFmt": if let v = s.attribute("val") { currentLevel?.1.format = v }
            case "nfc": if let v = s.attribute("val").flatMap({ Int($0) }) { currentLevel?.1.format = Self.word2003Format(v) }
            case "lvlText": currentLevel?.1.text = s.attribute("val") ?? ""
            case "suff": currentLevel?.1.suffix = s.attribute("val") ?? "tab"
            case "isLgl": currentLevel?.1.isLegal = s.attribute("val").map { $0 != "0" && $0 != "false" } ?? true
            case "rPr", "pPr": s.skipCurrent()
            default: break
            }
        }
        return defs
    }

    /// Word keeps start values within 0…32767; hostile values are clamped so counters cannot overflow.
    static func clampStart(_ v: Int) -> Int { min(max(v, 0), NumberFormat.maxCounter) }

    /// Word 2003's numeric format codes (`w:nfc`).
    static func word2003Format(_ code: Int) -> String {
        switch code {
        case 0: return "decimal"
        case 1: return "upperRoman"
        case 2: return "lowerRoman"
        case 3: return "upperLetter"
        case 4: return "lowerLetter"
        case 22: return "decimalZero"
        case 23: return "bullet"
        case 18: return "decimalEnclosedCircle"
        case 30: return "ideographTraditional"
        case 31: return "ideographZodiac"
        case 33, 39: return "chineseCounting"
        case 34: return "chineseCountingThousand"
        case 35: return "chineseLegalSimplified"
        case 10, 38: return "ideographDigital"
        case 255: return "none"
        default: return "decimal"
        }
    }

    func level(numId: Int, ilvl: Int) -> Level? {
        guard let inst = instances[numId] else { return nil }
        if let l = inst.levelOverrides[ilvl] { return l }
        return abstracts[inst.abstractId]?[ilvl]
    }
}

/// The running counters while a part is read in order.
struct NumberingState: Sendable {
    let defs: NumberingDefinitions
    /// The counters of a list, one per level (0–8; nil: not counted since it was last reset).
    /// Instances without overrides share their abstract list's counters, as in Word.
    private enum List: Hashable { case abstract(Int), instance(Int) }
    private var counters: [List: [Int?]] = [:]
    private var started: Set<Int> = []

    init(_ defs: NumberingDefinitions) { self.defs = defs }

    /// The label for the next paragraph of list `numId` at level `ilvl`, and the separator Word
    /// puts after it. nil for no numbering (numId 0 or unknown).
    mutating func next(numId: Int, ilvl rawLevel: Int) -> (label: String, separator: String)? {
        guard numId != 0, let inst = defs.instances[numId] else { return nil }
        let ilvl = max(0, min(8, rawLevel))
        guard let lvl = defs.level(numId: numId, ilvl: ilvl) else { return nil }
        let key: List = inst.startOverrides.isEmpty && inst.levelOverrides.isEmpty ? .abstract(inst.abstractId) : .instance(numId)
        // Taken out while it changes, so the write below does not copy it (the map is only looked
        // up by key, never iterated).
        var c = counters.removeValue(forKey: key) ?? Array(repeating: nil, count: 9)
        if !started.contains(numId) {
            started.insert(numId)
            // Only levels 0–8 are ever counted or read; an override of another level changes nothing.
            for (l, v) in inst.startOverrides where (0...8).contains(l) { c[l] = v - 1 }
        }
        c[ilvl] = (c[ilvl] ?? (lvl.start - 1)) + 1
        for deeper in stride(from: ilvl + 1, through: 8, by: 1) { c[deeper] = nil }
        counters[key] = c
        // Render the template.
        var label = ""
        let text = lvl.text
        var i = text.startIndex
        while i < text.endIndex {
            let ch = text[i]
            i = text.index(after: i)
            if ch == "%", i < text.endIndex, let n = text[i].wholeNumberValue, n >= 1, n <= 9 {
                i = text.index(after: i)
                let li = n - 1
                let ll = defs.level(numId: numId, ilvl: li) ?? NumberingDefinitions.Level()
                let value = c[li] ?? ll.start
                let fmt = (lvl.isLegal && li < ilvl) ? "decimal" : ll.format
                label += NumberFormat.render(value, format: fmt)
            } else {
                label.append(ch)
            }
        }
        if lvl.format == "bullet" { label = NumberFormat.bullet(lvl.text) }
        if lvl.format == "none" && !lvl.text.contains("%") { label = lvl.text }
        let sep: String
        switch lvl.suffix {
        case "space": sep = " "
        case "nothing": sep = ""
        default: sep = "\t"
        }
        return (label, label.isEmpty ? "" : sep)
    }
}

enum NumberFormat {
    /// The largest list counter Word writes (start values are kept within 0…32767).
    static let maxCounter = 32_767
    /// Letter labels repeat the letter once more every 26 items (27 → AA); past this many
    /// repetitions the number is written instead (a label is not a paragraph).
    static let maxLetterRepeats = 8

    static func render(_ n: Int, format: String) -> String {
        switch format {
        case "decimal", "decimalHalfWidth", "ordinal", "cardinalText", "ordinalText": return String(n)
        case "decimalZero": return n < 10 && n >= 0 ? "0\(n)" : String(n)
        case "decimalFullWidth", "decimalFullWidth2":
            return String(String(n).unicodeScalars.map { c -> Character in
                guard let d = Int(String(c)), let s = Unicode.Scalar(0xFF10 + UInt32(d)) else { return Character(c) }
                return Character(s)
            })
        case "upperRoman": return roman(n)
        case "lowerRoman": return roman(n).lowercased()
        case "upperLetter": return letter(n)
        case "lowerLetter": return letter(n).lowercased()
        case "chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "taiwaneseCountingThousand", "japaneseCounting":
            return chinese(n, digits: Array("〇一二三四五六七八九"), units: ["", "十", "百", "千"], zero: "零")
        case "chineseLegalSimplified", "ideographLegalTraditional":
            return chinese(n, digits: Array("零壹贰叁肆伍陆柒捌玖"), units: ["", "拾", "佰", "仟"], zero: "零", shortTen: false)
        case "ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand":
            let d = Array("〇一二三四五六七八九")
            return String(String(n).compactMap { $0.wholeNumberValue.map { d[$0] } })
        case "decimalEnclosedCircle", "decimalEnclosedCircleChinese", "decimalEnclosedFullstop", "decimalEnclosedParen":
            if (1...20).contains(n), let s = Unicode.Scalar(0x2460 + UInt32(n - 1)) { return String(Character(s)) }
            return String(n)
        case "ideographTraditional":
            let a = Array("甲乙丙丁戊己庚辛壬癸")
            return (1...10).contains(n) ? String(a[n - 1]) : String(n)
        case "ideographZodiac":
            let a = Array("子丑寅卯辰巳午未申酉戌亥")
            return (1...12).contains(n) ? String(a[n - 1]) : String(n)
        case "none": return ""
        case "bullet": return "•"
        default: return String(n)
        }
    }

    static func bullet(_ text: String) -> String {
        guard let s = text.unicodeScalars.first else { return "•" }
        // Symbol-font bullets live in the private use area.
        if (0xE000...0xF8FF).contains(s.value) { return "•" }
        return text
    }

    static func roman(_ n: Int) -> String {
        guard n > 0, n < 4000 else { return String(n) }
        let table: [(Int, String)] = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                                      (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
        var v = n, s = ""
        for (k, r) in table { while v >= k { s += r; v -= k } }
        return s
    }

    /// Word's letters repeat: 27 → AA, 28 → BB.
    static func letter(_ n: Int) -> String {
        guard n > 0, (n - 1) / 26 < maxLetterRepeats else { return String(n) }
        let ch = Character(Unicode.Scalar(UInt8(65 + (n - 1) % 26)))
        return String(repeating: ch, count: (n - 1) / 26 + 1)
    }

    /// Chinese counting below 10 000: 十, 十一, 二十, 一百零一, 一千零一十.
    static func chinese(_ n: Int, digits: [Character], units: [String], zero: String, shortTen: Bool = true) -> String {
        guard n > 0 else { return n == 0 ? String(digits[0]) : String(n) }
        guard n < 10_000 else { return String(n) }
        let ds = String(n).compactMap(\.wholeNumberValue)
        var s = ""
        var pendingZero = false
        for (i, d) in ds.enumerated() {
            let unit = units[ds.count - 1 - i]
            if d == 0 { pendingZero = !s.isEmpty; continue }
            if pendingZero { s += zero; pendingZero = false }
            if shortTen && d == 1 && unit == units[1] && s.isEmpty { s += unit } else { s += String(digits[d]) + unit }
        }
        return s
    }
}

/// Paragraph styles: the chain of `w:basedOn`, numbering carried by a style, and heading levels.
struct StyleSheet: Sendable {
    struct Style: Sendable {
        var name: String?
        var basedOn: String?
        var numId: Int?
        var ilvl: Int?
        var outlineLevel: Int?
    }
    var styles: [String: Style] = [:]

    static func parse(_ data: Data, part: String) throws(ReadError) -> StyleSheet {
        try parse(XMLStream(data, part: part), until: -1)
    }

    static func parse(_ s: XMLStream, until endDepth: Int) throws(ReadError) -> StyleSheet {
        var sheet = StyleSheet()
        var current: String?
        var style = Style()
        var styleDepth = -1
        while try s.read() {
            if s.nodeType == .endElement {
                if s.depth == endDepth { break }
                if s.depth == styleDepth, let id = current { sheet.styles[id] = style; current = nil; styleDepth = -1 }
                continue
            }
            guard s.nodeType == .element else { continue }
            switch s.localName {
            case "style":
                guard !s.isEmptyElement else { continue }
                current = s.attribute("styleId"); style = Style(); styleDepth = s.depth
            case "name": if current != nil { style.name = s.attribute("val") }
            case "basedOn": if current != nil { style.basedOn = s.attribute("val") }
            case "numId", "ilfo": if current != nil { style.numId = s.attribute("val").flatMap { Int($0) } }
            case "ilvl": if current != nil { style.ilvl = s.attribute("val").flatMap { Int($0) } }
            case "outlineLvl": if current != nil { style.outlineLevel = s.attribute("val").flatMap { Int($0) } }
            case "rPr", "tblPr", "tcPr", "trPr", "tblStylePr": s.skipCurrent()
            default: break
            }
        }
        return sheet
    }

    /// Numbering inherited from the style chain.
    func numbering(_ styleId: String?) -> (numId: Int, ilvl: Int?)? {
        var id = styleId, hops = 0
        while let i = id, let st = styles[i], hops < 16 {
            if let n = st.numId { return (n, st.ilvl) }
            id = st.basedOn; hops += 1
        }
        return nil
    }

    /// The heading level (1-based) a style gives, from its name (`heading 2`, `Title`) or outline level.
    func headingLevel(_ styleId: String?) -> Int? {
        var id = styleId, hops = 0
        while let i = id, hops < 16 {
            let st = styles[i]
            let name = (st?.name ?? i).lowercased().replacingOccurrences(of: " ", with: "")
            if name == "title" { return 1 }
            if name.hasPrefix("heading"), let n = Int(name.dropFirst(7)), (1...9).contains(n) { return n }
            if let o = st?.outlineLevel, (0...8).contains(o) { return o + 1 }
            id = st?.basedOn; hops += 1
        }
        return nil
    }
}
