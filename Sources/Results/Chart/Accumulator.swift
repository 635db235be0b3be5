/// The running state of one aggregation over one group: mergeable, so workers aggregate their
/// batches apart and "Other" groups are the merge of the groups they fold.
struct Accumulator {
    var count = 0
    var sum = 0.0
    var min = Double.infinity
    var max = -Double.infinity
    /// Every number seen, for the median only.
    var values: [Double] = []
    /// Hashes of the distinct non-null values seen, for `distinct` only.
    var distinct: Set<UInt64> = []

    @inline(__always)
    mutating func add(number: Double, keepValues: Bool) {
        count += 1
        sum += number
        if number < min { min = number }
        if number > max { max = number }
        if keepValues { values.append(number) }
    }

    mutating func merge(_ other: Accumulator) {
        count += other.count
        sum += other.sum
        min = Swift.min(min, other.min)
        max = Swift.max(max, other.max)
        values += other.values
        distinct.formUnion(other.distinct)
    }

    /// The aggregated number, as SQL gives it: `nil` (NULL) for sum, avg, min, max and median
    /// of no numbers; counts are never `nil`. Non-finite results are `nil` (JSON has none).
    func result(_ aggregation: ChartRequest.Aggregation) -> Double? {
        let number: Double?
        switch aggregation {
        case .count: number = Double(count)
        case .distinct: number = Double(distinct.count)
        case .sum, .none: number = count > 0 ? sum : nil
        case .avg: number = count > 0 ? sum / Double(count) : nil
        case .min: number = count > 0 ? min : nil
        case .max: number = count > 0 ? max : nil
        case .median: number = Self.median(values)
        }
        guard let number, number.isFinite else { return nil }
        return number
    }

    /// The middle value, or the mean of the two middle ones (SQL's `percentile_cont(0.5)`),
    /// found by selection in linear time rather than by sorting (`values` holds no NaN).
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        var numbers = values
        let middle = numbers.count / 2
        let upper = select(&numbers, middle)
        guard numbers.count % 2 == 0 else { return upper }
        // After the selection every number before `middle` is at most the one at it.
        let lower = numbers[0..<middle].max() ?? upper
        return (lower + upper) / 2
    }

    /// Reorders `numbers` so the one at `k` is the one a sort would put there, with none
    /// larger before it (Hoare's quickselect, median-of-three pivots).
    static func select(_ numbers: inout [Double], _ k: Int) -> Double {
        var low = 0
        var high = numbers.count - 1
        while low < high {
            let a = numbers[low], b = numbers[(low + high) / 2], c = numbers[high]
            let pivot = Swift.max(Swift.min(a, b), Swift.min(Swift.max(a, b), c))
            var i = low
            var j = high
            while i <= j {
                while numbers[i] < pivot { i += 1 }
                while numbers[j] > pivot { j -= 1 }
                if i <= j {
                    numbers.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j {
                high = j
            } else if k >= i {
                low = i
            } else {
                return numbers[k]
            }
        }
        return numbers[k]
    }
}
