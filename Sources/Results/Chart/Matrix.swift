/// The accumulators of a chart by (x group, series), merged from the workers; sparse, since
/// most pivots leave many pairs empty.
struct Matrix {
    private struct Pair: Hashable {
        var x: Int
        var s: Int
    }

    private let measures: Int
    private var cells: [Pair: [Accumulator]] = [:]

    init(measures: Int) {
        self.measures = measures
    }

    /// Adds a worker's accumulators of one pair (`measures` of them).
    mutating func merge(x: Int, s: Int, _ accumulators: ArraySlice<Accumulator>) {
        let pair = Pair(x: x, s: s)
        guard var existing = cells[pair] else {
            cells[pair] = Array(accumulators)
            return
        }
        for i in 0..<measures { existing[i].merge(accumulators[accumulators.startIndex + i]) }
        cells[pair] = existing
    }

    /// The aggregated number of measure `measure` at (`x`, `s`); `nil` for an empty pair,
    /// except that counts of an empty pair are 0.
    func result(x: Int, s: Int, _ measure: Int, _ aggregation: ChartRequest.Aggregation) -> Double? {
        guard let accumulators = cells[Pair(x: x, s: s)] else {
            return aggregation == .count || aggregation == .distinct ? 0 : nil
        }
        return accumulators[measure].result(aggregation)
    }

    /// Merges the series `folded` of every x group into series `target` (an "Other").
    mutating func foldSeries(_ folded: [Int], into target: Int) {
        let set = Set(folded)
        for (pair, accumulators) in cells where set.contains(pair.s) {
            cells[pair] = nil
            merge(x: pair.x, s: target, accumulators[...])
        }
    }

    /// Merges the x groups `folded` of every series into x group `target` (an "Other").
    mutating func foldX(_ folded: [Int], into target: Int) {
        let set = Set(folded)
        for (pair, accumulators) in cells where set.contains(pair.x) {
            cells[pair] = nil
            merge(x: target, s: pair.s, accumulators[...])
        }
    }
}
