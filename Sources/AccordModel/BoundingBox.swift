/// The smallest box `[x0, y0, x1, y1]` holding every four-number box of `boxes` (others are
/// ignored); nil when there is none. A fold, so no box list, however empty or odd, can trap it.
public func boundingBox<C: Sequence>(_ boxes: C) -> [Int]? where C.Element == [Int] {
    var out: [Int]?
    for b in boxes where b.count == 4 {
        if let o = out { out = [min(o[0], b[0]), min(o[1], b[1]), max(o[2], b[2]), max(o[3], b[3])] } else { out = b }
    }
    return out
}
