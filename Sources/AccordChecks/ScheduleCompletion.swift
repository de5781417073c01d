import Foundation
import AccordModel
import AccordText

/// A month range whose fee was recognized with unreadable glyphs: when it is the only one of its
/// schedule, the amount less the other spans, spread over its months, gives its fee; taken only
/// when it fits the glyphs read (each unreadable glyph one digit, every readable digit in place),
/// reported as `repair.completed` with the amount's place, the span marked `completed`. Otherwise
/// it stays unread and the checker says the reading is incomplete.
enum ScheduleCompletion {
    static func complete(_ c: inout Contract, _ out: inout [Finding]) {
        guard var p = c.payments else { return }
        for version in ["original", "amended"] {
            let unread = (version == "original" ? p.originalUnread : p.amendedUnread) ?? []
            // Only a recognized reading is completed (typed text's broken figure is its own defect).
            guard unread.count == 1, let u = unread.first, u.fee.provenance.confidence < Repairer().recognizedBelow,
                  let amount = version == "original" ? c.amount?.original : c.amount?.amended,
                  let a = Checker.monthIndex(u.from), let b = Checker.monthIndex(u.to), b >= a else { continue }
            let spans = (version == "original" ? p.original : p.amended) ?? []
            var others = Decimal(0)
            for s in spans {
                guard let x = Checker.monthIndex(s.from), let y = Checker.monthIndex(s.to), y >= x else { others = -1; break }
                others += s.monthly * Decimal(y - x + 1)
            }
            guard others >= 0 else { continue }
            let fee = (amount.value - others) / Decimal(b - a + 1)
            guard fee > 0, fee * Decimal(b - a + 1) + others == amount.value, BudgetCompletion.fits(fee, u.fee.value) else { continue }
            var prov = u.fee.provenance
            prov.confidence = min(prov.confidence, Repairer.repairedConfidence)
            let span = PaymentSpan(from: u.from, to: u.to, monthly: fee, provenance: prov, basis: "completed")
            let all = (spans + [span]).sorted { (Checker.monthIndex($0.from) ?? 0) < (Checker.monthIndex($1.from) ?? 0) }
            if version == "original" { p.original = all; p.originalUnread = nil } else { p.amended = all; p.amendedUnread = nil }
            out.append(Finding(code: "repair.completed", severity: .warning,
                message: "\(version) schedule: \(u.from)..\(u.to) read as \(u.fee.value) completed to \(fee) 元 a month: the only fee that fits the digits read and makes the schedule add up to the amount \(amount.value) 元",
                provenance: u.fee.provenance, related: [amount.provenance]))
        }
        c.payments = p
    }
}
