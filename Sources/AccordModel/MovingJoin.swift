extension Array {
    /// `parts` joined into one array, their elements moved rather than copied: a copy retains
    /// every reference an element holds (a dozen for an indicator), and freeing the parts then
    /// releases them all again. Each part is left holding `placeholder`s in place of its
    /// elements (pass one that holds no heap references, and it costs nothing to free).
    public init(joiningByMoving parts: inout [[Element]], placeholder: Element) {
        let total = parts.reduce(0) { $0 + $1.count }
        self.init(unsafeUninitializedCapacity: total) { buffer, initialized in
            initialized = 0
            for k in parts.indices {
                // Unique (the caller's inout): the part's own storage, not a copy of it.
                parts[k].withUnsafeMutableBufferPointer { part in
                    guard let from = part.baseAddress, let to = buffer.baseAddress else { return }
                    (to + initialized).moveInitialize(from: from, count: part.count)
                    from.initialize(repeating: placeholder, count: part.count)
                    initialized += part.count
                }
            }
        }
    }
}
