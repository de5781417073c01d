import AccordModel

extension TextCleaning {
    /// `Tally` for the byte-level pass, without its per-call arrays: counts and first-seen ranks
    /// in fixed vectors, examples in one array made only when an example is noted. It writes the
    /// log exactly as `Tally` does (same codes, order, counts and examples); the count and the
    /// first example of a code go in one `record` call, which leaves the log as the two calls did.
    struct CompactTally {
        private var counts = SIMD8<Int>()
        /// 1-based order in which each code was first noted (0: not noted).
        private var rank = SIMD8<Int>()
        private var noted = 0
        private var exampleCounts = SIMD8<Int>()
        private var examples: [(code: Int, text: String)] = []
        /// Whether the log (`note`'s `into`) was asked if it still takes examples of each code.
        private var asked = SIMD8<Int>()

        /// Notes `count` of `code`, with no example.
        mutating func note(_ code: Tally.Code, count: Int = 1) {
            let k = code.rawValue
            if counts[k] == 0 && rank[k] == 0 { noted += 1; rank[k] = noted }
            counts[k] += count
        }

        /// Notes `count` of `code`, and `example` while this call keeps examples of it and the log
        /// it will be written to (`into`) still takes them: an example the log would drop is
        /// never made (most of a long document's examples are past the log's first few).
        mutating func note(_ code: Tally.Code, count: Int = 1, example: @autoclosure () -> String, into log: borrowing ActionLog) {
            note(code, count: count)
            let k = code.rawValue
            guard exampleCounts[k] < 3 else { return }
            if asked[k] == 0 {
                asked[k] = 1
                if !log.wantsExample(code.name) { exampleCounts[k] = 3; return }
            }
            let e = example()
            if !examples.contains(where: { $0.code == k && $0.text == e }) {
                examples.append((k, e))
                exampleCounts[k] += 1
            }
        }

        func write(to log: inout ActionLog) {
            guard noted > 0 else { return }
            // Character mappings first, then white-space decisions, each in first-noted order.
            for mappings in [true, false] {
                for r in 1...noted {
                    for k in 0..<Tally.Code.allCases.count where rank[k] == r {
                        guard let code = Tally.Code(rawValue: k), code.isMapping == mappings else { continue }
                        var recorded = false
                        for e in examples where e.code == k {
                            log.record(code.name, count: recorded ? 0 : counts[k], example: e.text)
                            recorded = true
                        }
                        if !recorded { log.record(code.name, count: counts[k]) }
                    }
                }
            }
        }
    }
}
