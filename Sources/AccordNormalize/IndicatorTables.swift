import Foundation
import AccordModel
import AccordText

/// Service-indicator tables → packages of indicators.
///
/// Header cells name the columns (服务类别→category, 服务大项→item, 服务要求/具体服务内容→
/// requirement, 服务细项→subitem, 专业服务量化标准/服务指标→standard). Merged cells are filled
/// down (a span the reader only inferred is not filled into the sub-item column: there a missing
/// cell is more likely lost than merged). A sub-item cell holding several numbered sub-items is
/// split, each taking the standard paragraph in the same position; in a table without a sub-item
/// column, every numbered line of the standard is an indicator of its own.
struct IndicatorTables {
    let source: String
    /// Sub-item splits are worked out once per distinct paragraph text: an annex repeats its
    /// sub-items row after row.
    private let memo: TextMemo

    init(source: String, memo: TextMemo = TextMemo()) { self.source = source; self.memo = memo }

    struct Context {
        var heading: Paragraph?
    }

    /// Groups the indicator tables into packages. A table starts a new package when a package
    /// heading (采购包N…) stands before it, or when it repeats the previous table's header and
    /// either the document marks packages elsewhere or the two tables name different places.
    /// A package without a heading is named after the place its table names, when there are
    /// several packages to tell apart (reported as inferred); a lone table stays unnamed.
    func packages(_ blocks: [Block], log: inout ActionLog, findings: inout [Finding]) -> [IndicatorPackage] {
        struct Parsed: Sendable { var grid: CellGrid; var roles: [IndicatorRole?]; var headerRow: Int }
        struct Group { var heading: Paragraph?; var tables: [Parsed]; var inferred: (String, Provenance)? }
        var groups: [Group] = []
        var lastParagraphs: [Paragraph] = []
        var previousHeader: [String]?
        let hasPackageMarkers = blocks.contains { b in
            if case .table = b { return false }
            return b.paragraphs.contains { PackageNames.isPackageHeading($0.text) }
        }
        for block in blocks {
            guard case .table(let table) = block else {
                lastParagraphs = Array((lastParagraphs + block.paragraphs).suffix(3)); continue
            }
            let grid = CellGrid(table)
            guard let (roles, headerRow) = Self.roles(grid) else { continue }
            let headerTexts = roles.map { $0?.rawValue ?? "" }
            let heading = lastParagraphs.last { PackageNames.isPackageHeading($0.text) }
            let place = PackageNames.inferred(from: table, source: source)
            let repeatsHeader = previousHeader == headerTexts
            let otherPlace = place.map { p in groups.last?.inferred.map { $0.0 != p.0 } == true } ?? false
            let parsed = Parsed(grid: grid, roles: roles, headerRow: headerRow)
            if groups.isEmpty || heading != nil || (repeatsHeader && (hasPackageMarkers || otherPlace)) {
                groups.append(Group(heading: heading, tables: [parsed], inferred: place))
            } else {
                groups[groups.count - 1].tables.append(parsed)
            }
            previousHeader = headerTexts
            lastParagraphs = []
        }

        // The body rows of every table, cut into pieces of about equal size that run concurrently
        // (rows are independent); each piece keeps its own findings (the memo is shared), and
        // they are put back together in row order, as if read one after the other.
        struct Segment: Sendable { var group: Int; var table: Parsed; var rows: Range<Int> }
        let all = groups.enumerated().flatMap { g, group in
            group.tables.map { Segment(group: g, table: $0, rows: ($0.headerRow + 1)..<max($0.headerRow + 1, $0.grid.rowCount)) }
        }
        let total = all.reduce(0) { $0 + $1.rows.count }
        let pieceCount = Concurrent.pieces(total, minimum: 512, perCore: 4)
        // Piece k takes the rows numbered bound(k)..<bound(k + 1), counted over all tables in order:
        // of each table, the part of that range that falls in it.
        func bound(_ k: Int) -> Int { k * total / pieceCount }
        var plans = Array(repeating: [Segment](), count: pieceCount)
        var offset = 0  // the number of the table's first body row
        for segment in all {
            for k in 0..<pieceCount {
                let lo = max(bound(k), offset), hi = min(bound(k + 1), offset + segment.rows.count)
                guard lo < hi else { continue }
                var part = segment
                part.rows = (segment.rows.lowerBound + lo - offset)..<(segment.rows.lowerBound + hi - offset)
                plans[k].append(part)
            }
            offset += segment.rows.count
        }
        let planned = plans
        struct PieceResult: Sendable { var segments: [(group: Int, indicators: [Indicator], findings: [Finding])] = [] }
        let source = self.source, memo = self.memo
        var results = Concurrent.map(pieceCount) { k in
            let reader = IndicatorTables(source: source, memo: memo)
            var result = PieceResult()
            for s in planned[k] {
                var findings: [Finding] = []
                let indicators = reader.rows(s.table.grid, roles: s.table.roles, in: s.rows, findings: &findings)
                result.segments.append((s.group, indicators, findings))
            }
            return result
        }
        // Each group's indicators, piece after piece, moved out of the pieces' arrays (copying
        // would retain and then release every string of every indicator).
        var partsOf = Array(repeating: [[Indicator]](), count: groups.count)
        var findingsOf = Array(repeating: [Finding](), count: groups.count)
        for k in results.indices {
            for j in results[k].segments.indices {
                let g = results[k].segments[j].group
                var taken: [Indicator] = []
                swap(&taken, &results[k].segments[j].indicators)
                partsOf[g].append(taken)
                findingsOf[g] += results[k].segments[j].findings
            }
        }
        results = []
        // Nothing else holds the indicator arrays now: readTargets below fills them in place.
        var indicatorsOf = partsOf.indices.map { g in [Indicator](joiningByMoving: &partsOf[g], placeholder: Self.placeholder) }
        partsOf = []

        Self.readTargets(&indicatorsOf, log: &log)

        let nameUnheaded = groups.count > 1 || hasPackageMarkers
        var packages: [IndicatorPackage] = []
        for (g, group) in groups.enumerated() {
            findings += findingsOf[g]
            var pkg = IndicatorPackage(name: nil, indicators: indicatorsOf[g])
            if let heading = group.heading {
                pkg.heading = Sourced(heading.text, heading.content.provenance(heading.content.whole, source: source))
                if let name = PackageNames.name(fromHeading: heading.text) {
                    pkg.name = Sourced(name, heading.content.provenance(heading.content.whole, source: source))
                }
            } else if nameUnheaded, let (name, prov) = group.inferred {
                pkg.name = Sourced(name, prov)
                findings.append(Finding(code: "package.name_inferred", severity: .info,
                    message: "package \(g + 1) has no heading; its name \(name) was taken from the place its table names",
                    provenance: prov))
            }
            packages.append(pkg)
        }
        return packages
    }

    /// Column roles from the first row whose cells are known headers.
    static func roles(_ table: Table) -> ([IndicatorRole?], Int)? { roles(CellGrid(table)) }

    static func roles(_ grid: CellGrid) -> ([IndicatorRole?], Int)? {
        for r in 0..<min(3, grid.rowCount) {
            let roles = grid.row(r).map { $0.flatMap { IndicatorVocabulary.role(ofHeader: $0.text) } }
            let known = roles.compactMap { $0 }
            if known.count >= 2, known.contains(.standard) || known.contains(.requirement) { return (roles, r) }
        }
        return nil
    }

    /// The indicators of the grid rows `range` (body rows of a table whose columns have `roles`).
    /// Their targets are read afterwards (`readTargets`).
    func rows(_ grid: CellGrid, roles: [IndicatorRole?], in range: Range<Int>, findings: inout [Finding]) -> [Indicator] {
        var out: [Indicator] = []
        // Most rows give one indicator: room for that many at once (an indicator is large, and
        // every doubling moves all so far).
        out.reserveCapacity(range.count)
        let hasSubitem = roles.contains(.subitem)
        for r in range where r < grid.rowCount {
            // Cells of this row by role; filled down from merges.
            var cells = IndicatorRow()
            for (c, role) in roles.enumerated() {
                guard let role, c < grid.columnCount, let cell = grid[r, c] else { continue }
                let startsHere = cell.row == r
                if !startsHere && cell.spanInferred && (role == .subitem || role == .standard) { continue }
                cells.set(role, cell, startsHere: startsHere)
            }
            if cells.ownTextIsBlank { continue }
            if cells.isRepeatedCategory { continue }
            let subParas = cells[.subitem]?.paragraphs ?? []
            let stdCell = cells[.standard]
            let stdParas = stdCell?.paragraphs ?? []
            // The standard cell's provenance is cited in the row's, by the numbering check and, for a
            // standard merged down from an earlier row, after the row's; the row's is not cited at
            // all by a row split into sub-items: each is worked out once, when first needed.
            var provenances = RowProvenances(standard: stdCell.flatMap(Self.content))
            var base = Indicator(category: text(cells[.category]), item: text(cells[.item]), requirement: text(cells[.requirement]),
                                 subitem: nil, number: nil, standard: nil, targets: [],
                                 provenance: Self.unset)
            if hasSubitem {
                let subs = subParts(subParas)
                if subs.count <= 1 {
                    var ind = base
                    ind.number = subs.first?.number
                    ind.subitem = subs.first.map { $0.text }
                    ind.standard = stdParas.isEmpty ? nil : stdParas.map(\.text).joined(separator: " ")
                    ind.provenance = provenances.row(cells, self)
                    // A standard merged down from a row above is not in this row's provenance: cite it.
                    // (One that starts here is cited already; merging it again doubled its snippet.)
                    if !cells.startsHere(.standard), let sp = provenances.standard(self) { ind.provenance = merge(ind.provenance, sp) }
                    out.append(ind)
                } else {
                    // Standards go to the leaf sub-items in order ((2) 帮助申请救助 heads (2.1) and takes none).
                    let leaves = subs.indices.filter { i in !(i + 1 < subs.count && isChild(subs[i + 1].number, of: subs[i].number)) }
                    let stdTexts = stdParas.map(\.text)
                    var assign: [Int: String] = [:]
                    for (k, leaf) in leaves.enumerated() where k < stdTexts.count {
                        // The last leaf takes whatever standards are left over.
                        assign[leaf] = k == leaves.count - 1 ? stdTexts[k...].joined(separator: " ") : stdTexts[k]
                    }
                    if leaves.count != stdTexts.count && !stdTexts.isEmpty {
                        findings.append(Finding(code: "indicator.standard_assignment_uncertain", severity: .info,
                            message: "\(subs.count) sub-items share one row with \(stdTexts.count) standard paragraph(s); standards were given to the sub-items in order",
                            provenance: provenances.row(cells, self)))
                    }
                    for (i, sub) in subs.enumerated() {
                        var ind = base
                        ind.number = sub.number; ind.subitem = sub.text; ind.standard = assign[i]
                        ind.provenance = sub.provenance
                        out.append(ind)
                    }
                }
            } else {
                // No sub-item column: each numbered line of the standard is an indicator.
                let lines = numberedLines(stdParas)
                checkSequence(lines.map(\.number), provenance: provenances.standard(self) ?? provenances.row(cells, self), findings: &findings)
                if lines.isEmpty {
                    base.provenance = provenances.row(cells, self)
                    out.append(base)
                } else if lines.count == 1 && lines[0].number == nil {
                    var ind = base; ind.standard = lines[0].text
                    // As above: the line is cited with the row only when its cell starts in an earlier row.
                    ind.provenance = cells.startsHere(.standard) ? provenances.row(cells, self) : merge(provenances.row(cells, self), lines[0].prov)
                    out.append(ind)
                } else {
                    for l in lines {
                        var ind = base
                        ind.number = l.number; ind.standard = l.text; ind.provenance = l.prov
                        out.append(ind)
                    }
                }
            }
        }
        return out
    }

    /// The numbered lines of a standard cell: a paragraph that opens with a list label starts a line
    /// (whatever its number), a paragraph holding several labelled parts is split, and an
    /// unlabelled paragraph continues the line before it.
    func numberedLines(_ paragraphs: [Paragraph]) -> [(number: String?, text: String, prov: Provenance)] {
        var lines: [(number: String?, text: String, prov: Provenance)] = []
        for p in paragraphs {
            let text = p.text
            var parts = Numbering.splitNumbered(text)
            if parts.count == 1, parts[0].number == nil, let lead = Self.leadingListLabel(text) {
                parts = [(number: lead.number, text: lead.rest)]
            }
            // Each part is found in the paragraph in order, in linear time (TextSearch); a part
            // whose tidied text is not there verbatim spans the whole paragraph.
            let chars = Array(text)
            let pieces = parts.map { Array($0.text.trimmingCharacters(in: Self.lineTrim)) }
            let found = TextSearch.locateInOrder(pieces, in: chars)
            for (k, part) in parts.enumerated() {
                // A line's trailing separator (；。,) is not part of the standard.
                let piece = String(pieces[k])
                guard !piece.isEmpty else { continue }
                let lo = found[k]?.lowerBound ?? 0
                let hi = found[k]?.upperBound ?? chars.count
                let labelStart = part.number.map { n in
                    let label = Array(n)
                    let at = found[k]?.lowerBound ?? 0
                    return at >= label.count && Array(chars[(at - label.count)..<at]) == label ? label.count : 0
                } ?? 0
                let prov = p.content.provenance(max(0, lo - labelStart)..<hi, source: source)
                if part.number == nil, !lines.isEmpty {
                    lines[lines.count - 1].text += piece
                    lines[lines.count - 1].prov = merge(lines[lines.count - 1].prov, prov)
                } else {
                    lines.append((part.number, piece, prov))
                }
            }
        }
        return lines
    }

    /// White space and a line's trailing separators, built once (not per line).
    static let lineTrim = CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: ";；。,，"))

    static let listLabel = Pattern.make(#"^\s*(\d{1,2})\s*([.、．])(?!\d)\s*"#)

    /// "3.建成…" → ("3.", "建成…").
    static func leadingListLabel(_ text: String) -> (number: String, rest: String)? {
        let ns = text as NSString
        guard let m = listLabel.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) else { return nil }
        let rest = ns.substring(from: m.range.location + m.range.length)
        return rest.isEmpty ? nil : (ns.substring(with: m.range(at: 1)) + ns.substring(with: m.range(at: 2)), rest)
    }

    /// Numbered lines should run 1, 2, 3…: a gap or a repeat usually means a lost or duplicated line.
    /// `provenance` is worked out only for a finding.
    func checkSequence(_ numbers: [String?], provenance: @autoclosure () -> Provenance, findings: inout [Finding]) {
        let values = numbers.compactMap { $0.flatMap { Int($0.filter(\.isNumber)) } }
        guard values.count >= 2 else { return }
        let expected = Array(1...values.count)
        // A run from any start (values[0], values[0] + 1, …), compared pair by pair: the labels here
        // have at most two digits, but no label value can make the comparison overflow.
        if values != expected && !zip(values, values.dropFirst()).allSatisfy({ $1 == $0 &+ 1 }) {
            findings.append(Finding(code: "indicator.numbering_gap", severity: .warning,
                message: "numbered lines run \(values.map(String.init).joined(separator: ", ")): a line may be missing or repeated",
                provenance: provenance()))
        }
    }

    /// Reads the targets of every indicator's standard, logging each indicator in order. A
    /// standard is read once however often it repeats (an annex repeats its standards, 不少于1场,
    /// 根据社区实际情况协助…, row after row); the distinct ones are read in pieces on every core.
    static func readTargets(_ indicators: inout [[Indicator]], log: inout ActionLog) {
        // Each indicator's standard is hashed once: to its number among the distinct ones (-1:
        // none). Keyed by bytes, not by `String` (whose hashing and equality check each Han text
        // for normalization); two texts that differ in bytes are read apart, as the memo does.
        var distinct: [String] = []
        var number: [TextMemo.Key: Int] = [:]
        let numbers = indicators.map { list in
            list.map { ind -> Int in
                guard let std = ind.standard, !std.isEmpty else { return -1 }
                let key = TextMemo.Key(text: std)
                if let k = number[key] { return k }
                number[key] = distinct.count
                distinct.append(std)
                return distinct.count - 1
            }
        }
        let pieces = Concurrent.pieces(distinct.count, minimum: 64, perCore: 4)
        let standards = distinct
        let parts = Concurrent.map(pieces) { k in
            standards[(k * standards.count / pieces)..<((k + 1) * standards.count / pieces)].map { std in
                var lenient: [String] = []
                let targets = TargetParser.parse(std, lenient: &lenient)
                return (targets: targets, namesQuantity: targets.isEmpty && TargetParser.namesQuantity(std), lenient: lenient)
            }
        }
        let readings = Array(parts.joined())
        // The log as one record per indicator would leave it: a standard's later indicators only
        // add to its code's count (offered again, its text is already among the examples or
        // there is no room left), so they are counted here and recorded after, per code at once.
        let codes = ["indicator.targets_parsed", "indicator.standard_unparsed", "indicator.qualitative_kept"]
        var offered = [Bool](repeating: false, count: readings.count)
        var later = [Int](repeating: 0, count: codes.count)
        for g in indicators.indices {
            for i in indicators[g].indices {
                let k = numbers[g][i]
                guard k >= 0, let std = indicators[g][i].standard else { continue }
                let reading = readings[k]
                indicators[g][i].targets = reading.targets
                let code = reading.targets.isEmpty ? (reading.namesQuantity ? 1 : 2) : 0
                let count = reading.targets.isEmpty ? 1 : reading.targets.count
                if offered[k] {
                    later[code] += count
                } else {
                    offered[k] = true
                    if reading.targets.isEmpty { log.record(codes[code], example: std) } else { log.record(codes[code], count: count) }
                }
                // A quantity written as a numeral in a lenient form (一百二 for 120): rare, so
                // recorded as met, each indicator's.
                for example in reading.lenient { log.record(ChineseNumerals.lenientActionCode, example: example) }
            }
        }
        for (code, count) in zip(codes, later) where count > 0 { log.record(code, count: count) }
    }

    func text(_ cell: Cell?) -> String? {
        guard let cell else { return nil }
        let t = cell.paragraphs.count == 1 ? cell.paragraphs[0].text : cell.paragraphs.map(\.text).joined()
        return t.isEmpty ? nil : t
    }

    struct SubPart { var number: String?; var text: String; var provenance: Provenance }

    /// The numbered sub-items in a sub-item cell: "(1) … (2) …" in one paragraph or several.
    func subParts(_ paragraphs: [Paragraph]) -> [SubPart] {
        var parts: [SubPart] = []
        for p in paragraphs {
            for (piece, at) in memo.subPieces(of: p.text, Self.subPieces) {
                let lo = max(0, at.lowerBound - (piece.number?.count ?? 0))
                let prov = p.content.provenance(lo..<at.upperBound, source: source)
                if piece.number == nil, !parts.isEmpty {
                    // An unnumbered paragraph continues the sub-item before it.
                    parts[parts.count - 1].text += piece.text
                    parts[parts.count - 1].provenance = merge(parts[parts.count - 1].provenance, prov)
                } else {
                    parts.append(SubPart(number: piece.number, text: piece.text, provenance: prov))
                }
            }
        }
        return parts
    }

    /// The numbered sub-items in one paragraph's text, each with where it is (character offsets).
    static func subPieces(_ text: String) -> TextMemo.SubPieces {
        var pieces = Numbering.splitParenNumbered(text)
        // A cell that starts at (2) or (4.1) is not a list from (1), but still a numbered sub-item.
        if pieces.count == 1, pieces[0].number == nil, let lead = Self.leadingParenNumber(text) {
            pieces = [(number: lead.number, text: lead.rest)]
        }
        return Array(zip(pieces, locate(pieces.map(\.text), in: text)))
    }

    /// Where each piece is in `text`, searching on from the end of the piece before (character
    /// offsets; a piece not found spans from 0 to the end and leaves the search where it was).
    static func locate(_ pieces: [String], in text: String) -> [Range<Int>] {
        let count = PlainText.characterCount(text)
        if let plain = PlainText(text), case let needles = pieces.compactMap(PlainText.init), needles.count == pieces.count {
            // Scalars are characters here: search the scalars, without Foundation.
            return TextSearch.locateInOrder(needles.map(\.scalars), in: plain.scalars).map { $0 ?? 0..<count }
        }
        return TextSearch.locateInOrder(pieces.map { Array($0) }, in: Array(text)).map { $0 ?? 0..<count }
    }

    static let parenNumber = Pattern.make(#"^\s*[(（]\s*(\d{1,2}(?:\s*\.\s*\d{1,2})*)\s*[)）]\s*"#)

    /// "(4.1) 定期随访…" → ("(4.1)", "定期随访…").
    static func leadingParenNumber(_ text: String) -> (number: String, rest: String)? {
        let ns = text as NSString
        guard let m = parenNumber.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) else { return nil }
        let digits = ns.substring(with: m.range(at: 1)).filter { !$0.isWhitespace }
        let rest = ns.substring(from: m.range.location + m.range.length)
        return rest.isEmpty ? nil : ("(\(digits))", rest)
    }

    func isChild(_ child: String?, of parent: String?) -> Bool {
        guard let c = child.map(Self.numberCore), let p = parent.map(Self.numberCore) else { return false }
        return c.hasPrefix(p + ".")
    }

    /// `trimmingCharacters(in: CharacterSet(charactersIn: "()（） "))`, scalar by scalar as that
    /// trims, without building a character set and bridging.
    static func numberCore(_ s: String) -> String {
        func trims(_ u: Unicode.Scalar) -> Bool { u == "(" || u == ")" || u == "（" || u == "）" || u == " " }
        let u = s.unicodeScalars
        var lo = u.startIndex, hi = u.endIndex
        while lo < hi, trims(u[lo]) { lo = u.index(after: lo) }
        while hi > lo, trims(u[u.index(before: hi)]) { hi = u.index(before: hi) }
        return String(u[lo..<hi])
    }

    /// The provenance of a row: of each cell that starts in it, merged in role order. `standard`
    /// is the provenance of the row's standard cell (nil when it holds no content), worked out once
    /// by `RowProvenances` for the other places that cite it.
    func rowProvenance(_ cells: IndicatorRow, standard: Provenance?) -> Provenance {
        var p: Provenance?
        for role in IndicatorRole.allCases where cells.startsHere(role) {
            let q: Provenance
            if role == .standard {
                guard let standard else { continue }
                q = standard
            } else {
                guard let c = cells[role].flatMap(Self.content) else { continue }
                q = c.provenanceOfWhole(source: source)
            }
            p = p.map { merge($0, q) } ?? q
        }
        if let p { return p }
        // Not reached for a row that is read (its own cells hold text), kept for completeness.
        return cells.filled.first.flatMap { cells[$0].flatMap(Self.content) }.map { $0.provenanceOfWhole(source: source) }
            ?? Provenance(source: source, locator: Locator(), text: "", confidence: 1)
    }

    /// A row's provenance and its standard cell's, each worked out when first asked for.
    struct RowProvenances {
        let content: SourceText?
        private var ofStandard: Provenance??
        private var ofRow: Provenance?

        /// `standard`: the content of the row's standard cell.
        init(standard: SourceText?) { content = standard }

        mutating func standard(_ reader: IndicatorTables) -> Provenance? {
            if let ofStandard { return ofStandard }
            let p = content.map { $0.provenanceOfWhole(source: reader.source) }
            ofStandard = .some(p)
            return p
        }

        mutating func row(_ cells: IndicatorRow, _ reader: IndicatorTables) -> Provenance {
            if let ofRow { return ofRow }
            let p = reader.rowProvenance(cells, standard: standard(reader))
            ofRow = p
            return p
        }
    }

    /// The provenance of an indicator before it is set (every path through `rows` sets it).
    static let unset = Provenance(source: "", locator: Locator(), text: "", confidence: 1)

    /// What an indicator moved out of an array leaves behind: nothing on the heap.
    static let placeholder = Indicator(category: nil, item: nil, requirement: nil, subitem: nil, number: nil,
                                       standard: nil, targets: [], provenance: unset)

    /// `cell.content` without the joining for the usual cell of one paragraph.
    static func content(_ cell: Cell) -> SourceText? {
        cell.paragraphs.count == 1 ? cell.paragraphs[0].content : cell.content
    }

    /// One provenance covering two places of the same row (text: both snippets).
    func merge(_ a: Provenance, _ b: Provenance) -> Provenance {
        if a.text.isEmpty { return b }
        var p = a
        if a.locator.line != nil, let bl = b.locator.endLine ?? b.locator.line, bl >= (a.locator.line ?? 0) {
            p.locator.endLine = bl == a.locator.line ? a.locator.endLine : bl
            if bl == a.locator.line && a.locator.endLine == nil { p.locator.endColumn = max(a.locator.endColumn ?? 0, b.locator.endColumn ?? 0) }
            else { p.locator.endColumn = b.locator.endColumn }
        }
        if a.locator.table != nil, a.locator.column != b.locator.column { p.locator.column = nil; p.locator.cellParagraph = nil }
        if a.locator.bbox != nil, let x = a.locator.bbox, let y = b.locator.bbox, x.count == 4, y.count == 4 {
            p.locator.bbox = [min(x[0], y[0]), min(x[1], y[1]), max(x[2], y[2]), max(x[3], y[3])]
        }
        p.text = "\(a.text)\t\(b.text)"   // one allocation, where a + "\t" + b makes two
        p.confidence = min(a.confidence, b.confidence)
        return p
    }
}

/// Package (采购包) names: from a heading before the table, or inferred from the place its table names.
enum PackageNames {
    static func isPackageHeading(_ text: String) -> Bool {
        guard text.hasPrefix("采购包") || text.hasPrefix("包") || text.hasPrefix("标包") || text.hasPrefix("分包") || text.hasPrefix("第") else { return false }
        return text.range(of: #"^(采购包|包|标包|分包)\s*[0-9一二三四五六七八九十]+|^第\s*[0-9一二三四五六七八九十]+\s*(包|标段)"#, options: .regularExpression) != nil
    }

    /// "采购包2.乐至县天池街道仙鹤观社区" → 仙鹤观社区 (the last administrative unit); words after the
    /// place ("…仙鹤观社区服务要求") are not part of the name.
    static func name(fromHeading text: String) -> String? {
        var t = text.replacingOccurrences(of: #"^(采购包|包|标包|分包|第)\s*[0-9一二三四五六七八九十]+\s*(包|标段)?\s*[.、:：]?\s*"#, with: "", options: .regularExpression)
        t = t.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty else { return nil }
        if let r = t.range(of: "社区") ?? t.range(of: "村委会") ?? t.range(of: "居委会") ?? t.range(of: "村") {
            t = String(t[..<r.upperBound])
        } else if let r = t.range(of: #"^.*(街道|镇|乡)"#, options: .regularExpression) {
            t = String(t[r])
        }
        return lastUnit(t)
    }

    static func lastUnit(_ place: String) -> String {
        // Cut after the last higher-level unit (省 市 县 区 街道 镇 乡), keeping 社区/村 whole.
        let pattern = #"^.*(省|市|县|街道|镇|乡|(?<!社)区)"#
        if let r = place.range(of: pattern, options: .regularExpression), r.upperBound < place.endIndex {
            let rest = String(place[r.upperBound...])
            if rest.count >= 2 { return rest }
        }
        return place
    }

    static let placeMention = Pattern.make(#"\p{Script=Han}{1,6}(?:县|市|区)\p{Script=Han}{1,6}?(?:街道|镇|乡)\p{Script=Han}{1,6}?(?:社区|村)"#)

    /// The first fully qualified place (…县…街道…社区) the table's first rows name.
    static func inferred(from table: Table, source: String) -> (String, Provenance)? {
        for row in table.rows.prefix(4) { for cell in row { for p in cell.paragraphs {
            let ns = p.text as NSString
            guard let m = placeMention.firstMatch(in: p.text, range: NSRange(location: 0, length: ns.length)) else { continue }
            var mention = ns.substring(with: m.range)
            // Drop a leading verb run such as 建成 before the county name.
            if let r = mention.range(of: #"\p{Script=Han}{2,4}(?:县|市)"#, options: .regularExpression) { mention = String(mention[r.lowerBound...]) }
            let lo = p.text.distance(from: p.text.startIndex, to: p.text.range(of: mention)?.lowerBound ?? p.text.startIndex)
            return (lastUnit(mention), p.content.provenance(lo..<(lo + mention.count), source: source, confidence: 0.6))
        } } }
        return nil
    }
}

/// Per-document memo of the sub-item splits of a paragraph's text, shared by the threads
/// reading one document's rows. A text two threads miss at once is read twice (the same
/// way both times); only the lookups and stores hold the lock.
final class TextMemo: @unchecked Sendable {
    typealias SubPieces = [(piece: (number: String?, text: String), at: Range<Int>)]
    private let lock = NSLock()
    private var subPieces: [Key: SubPieces] = [:]

    /// A text as its UTF-8 bytes: hashed and compared byte for byte. (A `String` key hashes and
    /// compares by canonical equivalence, which costs a normalization check of every Han text
    /// looked up; and two texts that differ in bytes need not split at the same offsets.)
    struct Key: Hashable {
        let text: String
        static func == (a: Key, b: Key) -> Bool {
            var x = a.text, y = b.text
            return x.withUTF8 { p in
                y.withUTF8 { q in
                    guard p.count == q.count, let pa = p.baseAddress, let qa = q.baseAddress else { return p.count == q.count }
                    return memcmp(pa, qa, p.count) == 0
                }
            }
        }
        func hash(into h: inout Hasher) {
            var t = text
            t.withUTF8 { h.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }

    func subPieces(of text: String, _ split: (String) -> SubPieces) -> SubPieces {
        let key = Key(text: text)
        if let p = lock.withLock({ subPieces[key] }) { return p }
        let p = split(text)
        lock.withLock { subPieces[key] = p }
        return p
    }
}
