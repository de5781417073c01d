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

        mutating func note(_ code: Tally.Code, count: Int = 1, example: @autoclosure () -> String? = nil) {
            let k = code.rawValue
            if counts[k] == 0 && rank[k] == 0 { noted += 1; rank[k] = noted }
            counts[k] += count
            if exampleCounts[k] < 3, let e = example(), !examples.contains(where: { $0.code == k && $0.text == e }) {
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
