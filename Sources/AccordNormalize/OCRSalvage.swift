import Foundation
import AccordModel
import AccordText

/// Salvage from an OCR layer in the wrong script (Chinese read with a Latin model): most digits
/// survive while every Han character became Latin garbage. Only values whose role the layout
/// makes certain are taken, at low confidence, each reported:
/// - the project code: the one token shaped like a procurement code (letters, ≥8 digits, suffix);
///   digits inside its letter prefix are read back as the letters OCR confuses them with (6→G…);
/// - the contract amounts: a decimal number followed by a short token and "(…:" — the shape of
///   "269.6万元（大写：", the first for the original term and the second for the amended one;
///   their 万 scale is confirmed against an amount/percentage pair of the budget when one is found.
enum OCRSalvage {
    static let confidence = 0.35
    static let code = Pattern.make(#"(?<![A-Za-z0-9])([A-Z0-9]{0,7}[A-Z])(\d{8,})(-[A-Z0-9]{1,3})?(?![A-Za-z0-9])"#)
    static let amountWithParen = Pattern.make(#"(?<![\d.])(\d{1,6}\.\s?\d{1,6}|\d{2,6})\s*[^\s()]{0,4}\s*\(\s*[^\s():：]{1,4}\s*[:：]"#)
    static let sharePair = Pattern.make(#"(?<![\d.])(\d{5,9})\s*[^\n]{0,24}?(\d{1,2}\.\s?\d{2})\s*%"#)
    static let letterFor: [Character: Character] = ["0": "O", "1": "I", "2": "Z", "5": "S", "6": "G", "8": "B"]

    static func salvage(_ s: TextStream, into contract: inout Contract, findings: inout [Finding]) {
        let ocrRanges = s.paragraphs.indices.filter { s.paragraphs[$0].origin == .ocrLayer }
            .map { s.starts[$0]..<(s.starts[$0] + s.paragraphs[$0].text.count) }
        guard let first = ocrRanges.first, let last = ocrRanges.last else { return }
        let layer = first.lowerBound..<last.upperBound

        if contract.projectCode == nil {
            let codes = s.matches(code, in: layer).filter { m in
                guard let p = m[1] else { return false }
                return p.filter(\.isLetter).count >= 2
            }
            if codes.count == 1 || Set(codes.map { $0[0] ?? "" }).count == 1, let m = codes.first,
               var prefix = m[1], var digits = m[2] {
                // Codes carry the year right after the letters (…2025000084): a confusable digit in
                // front of a 20xx year is the prefix's last letter, misread.
                if let first = digits.first, letterFor[first] != nil, digits.count >= 11,
                   digits.dropFirst().range(of: #"^20[0-4]\d"#, options: .regularExpression) != nil {
                    prefix.append(first); digits.removeFirst()
                }
                let repairedPrefix = String(prefix.map { $0.isNumber ? (letterFor[$0] ?? $0) : $0 })
                let value = repairedPrefix + digits + (m[3] ?? "")
                let prov = s.provenance(m.range, confidence: confidence)
                contract.projectCode = Sourced(value, prov)
                let note = repairedPrefix == prefix ? "" : " (letter prefix \(prefix) read as \(repairedPrefix): OCR confuses digits and letters)"
                findings.append(Finding(code: "ocr.salvaged", severity: .warning,
                    message: "project code \(value) salvaged from the wrong-script OCR layer\(note)", provenance: prov))
            }
        }

        let amounts = s.matches(amountWithParen, in: layer).compactMap { m -> (Decimal, TextStream.Match)? in
            guard let d = m[1], let v = Decimal(string: d.replacingOccurrences(of: " ", with: "")) else { return nil }
            return (v, m)
        }
        guard !amounts.isEmpty, contract.amount == nil else { return }
        let pairs = s.matches(sharePair, in: layer).compactMap { m -> (Decimal, Decimal)? in
            guard let a = m[1].flatMap({ Decimal(string: $0) }), let p = m[2].flatMap({ Decimal(string: $0.replacingOccurrences(of: " ", with: "")) }) else { return nil }
            return (a, p)
        }
        func money(_ raw: Decimal, _ m: TextStream.Match, role: String) -> MoneyValue {
            // 万元 when a budget line's share confirms it, or when the figure is written with decimals.
            let scaled = raw * 10000
            let confirmed = pairs.contains { consistent(amount: $0.0, share: $0.1, total: scaled) }
            let value = confirmed || m[1]?.contains(".") == true || raw < 10000 ? scaled : raw
            let conf = confirmed ? confidence + 0.15 : confidence
            let prov = s.provenance(m.ranges[1] ?? m.range, confidence: conf)
            findings.append(Finding(code: "ocr.salvaged", severity: .warning,
                message: "\(role) contract amount \(value) 元 salvaged from the wrong-script OCR layer (written \(m[1] ?? ""), read as 万元"
                    + (confirmed ? ", confirmed by a budget share" : ", scale not confirmed by any other figure") + ")",
                provenance: prov))
            return MoneyValue(value: value, provenance: prov)
        }
        // One such amount alone: nothing legible says whether it is the original term or the new one.
        guard amounts.count >= 2 else {
            let m = amounts[0].1
            findings.append(Finding(code: "ocr.salvage_skipped", severity: .info,
                message: "an amount (written \(m[1] ?? "")) survives in the wrong-script OCR layer, but nothing legible says whether it is the original or the amended term: not taken",
                provenance: s.provenance(m.ranges[1] ?? m.range, confidence: confidence)))
            return
        }
        let original = money(amounts[0].0, amounts[0].1, role: "original")
        let amended = money(amounts[1].0, amounts[1].1, role: "amended")
        contract.amount = AmountChange(original: original, amended: amended)
    }

    /// A share written to two decimals matches amount ÷ total.
    static func consistent(amount: Decimal, share: Decimal, total: Decimal) -> Bool {
        guard total > 0 else { return false }
        let computed = amount / total * 100
        let diff = computed - share
        return (diff < 0 ? -diff : diff) <= Decimal(sign: .plus, exponent: -2, significand: 1) // 0.01
    }
}
