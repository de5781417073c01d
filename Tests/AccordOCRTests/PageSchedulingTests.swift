import Testing
import Foundation
import AccordReaders
@testable import AccordOCR

/// A 1-bit page of `width`×40 pixels whose left `inked` columns are black.
private func page(width: Int = 120, inked: Int) throws -> PixImage {
    let row = (0..<width).map { $0 < inked ? "1" : "0" }.joined(separator: " ")
    let pbm = "P1\n\(width) 40\n" + Array(repeating: row, count: 40).joined(separator: "\n") + "\n"
    return try #require(try ImageDecoding.pages(Array(pbm.utf8), kind: "pnm").first)
}

private func work(_ index: Int, ink: Int) throws -> PreparedWork {
    let p = try #require(Preprocessor.prepare(try page(inked: 0)))
    return PreparedWork(index: index, page: p, grid: nil, ink: ink, seconds: 0)
}

@Suite struct PageScheduling {
    @Test func queuePreparesAheadThenTakesTheInkiestWaitingPage() throws {
        let q = PageQueue(count: 5, lookahead: 3)
        var prepared: [Int] = []
        // Pages are prepared in order until three wait.
        for _ in 0..<3 {
            guard case .prepare(let i) = q.next() else { Issue.record("expected a page to prepare"); return }
            prepared.append(i)
        }
        #expect(prepared == [0, 1, 2])
        try q.prepared(work(0, ink: 10)); try q.prepared(work(1, ink: 50)); try q.prepared(work(2, ink: 50))
        // Three wait: the one with most ink goes first, the earlier page on a tie.
        guard case .recognize(let first) = q.next() else { Issue.record("expected a page to recognize"); return }
        #expect(first.index == 1)
        // Two wait now: the next job prepares page 3.
        guard case .prepare(3) = q.next() else { Issue.record("expected page 3 to prepare"); return }
        try q.prepared(work(3, ink: 90))
        guard case .recognize(let second) = q.next() else { Issue.record("expected a page to recognize"); return }
        #expect(second.index == 3)
        guard case .prepare(4) = q.next() else { Issue.record("expected page 4 to prepare"); return }
        try q.prepared(work(4, ink: 5))
        var rest: [Int] = []
        while case .recognize(let w) = q.next() { rest.append(w.index) }
        #expect(rest == [2, 0, 4])
        #expect({ if case .none = q.next() { true } else { false } }())
    }

    /// One worker reads the pages in order, even when a later page has more ink.
    @Test func oneAheadKeepsPageOrder() throws {
        let q = PageQueue(count: 3, lookahead: 1)
        var order: [String] = []
        while let job = q.next() {
            switch job {
            case .prepare(let i): order.append("p\(i)"); try q.prepared(work(i, ink: 10 * i))
            case .recognize(let w): order.append("r\(w.index)")
            }
        }
        #expect(order == ["p0", "r0", "p1", "r1", "p2", "r2"])
    }

    @Test func twoWorkersReturnEveryPageInPageOrder() throws {
        // Pages (told apart by width) with rising ink: later pages are recognized first, the results stay in order.
        let images = try [100, 110, 120, 130].map { try page(width: $0, inked: $0 - 96) }
        var options = OCROptions()
        options.workers = 2
        options.detectTables = false
        let pages = try PageRecognizer.recognize(PageSource(images), options: options)
        #expect(pages.map(\.number) == [1, 2, 3, 4])
        #expect(pages.map(\.prepared.originalWidth) == [100, 110, 120, 130])
    }

    @Test func aPageThatCannotBeProducedFailsTheDocumentWithItsReason() throws {
        let good = try page(inked: 20)
        let source = PageSource(count: 3) { i throws(ReadError) in
            if i == 1 { throw ReadError("PDF page 2 cannot be rasterized: broken") }
            return good
        }
        var options = OCROptions()
        options.workers = 2
        do {
            _ = try PageRecognizer.recognize(source, options: options)
            Issue.record("expected the document to fail")
        } catch {
            #expect(error.description == "PDF page 2 cannot be rasterized: broken")
        }
    }
}
