import Core

/// A chart of aggregated groups: one pass (two for a histogram, which first finds the range)
/// that groups rows by their x key and series key, then folding, ordering and limiting.
struct GroupedChart {
    let reader: ResultReader
    let request: ChartRequest

    /// One worker's groups: key → group number in `table`, `measures` accumulators per group.
    private struct State {
        var table = KeyTable()
        var accumulators: [Accumulator] = []
        var rows = 0
        var skippedX = 0
        var numeric: [Int]
        var nonNumeric: [Int]
        var key: [UInt8] = []
    }

    /// An x group or a series after merging the workers: its value and its sort key.
    struct Member {
        var label: Value
        var order: Value
        var isOther = false
    }

    func compute() throws -> ChartData {
        let columns = request.columnsRead
        func slot(_ column: Int?) -> Int? { column.flatMap { columns.firstIndex(of: $0) } }
        let xSlot = slot(request.x)
        let seriesSlot = slot(request.series)
        let measureSlots = request.measures.map { slot($0.column) }
        let aggregations = request.measures.map(\.aggregation)
        let measureCount = request.measures.count
        let range = try request.bins == nil ? nil : numericRange(xSlot: xSlot ?? 0, columns: columns)
        let bins = request.bins ?? 0
        let bucket = request.bucket

        let states = try ColumnScan.run(
            reader, columns: columns,
            make: { State(numeric: Array(repeating: 0, count: measureCount), nonNumeric: Array(repeating: 0, count: measureCount)) }
        ) { state, values, _ in
            state.key.removeAll(keepingCapacity: true)
            if let xSlot {
                let x = values[xSlot]
                if let range {
                    guard !x.isNull else { return }
                    guard let number = x.number else { state.skippedX += 1; return }
                    Self.appendNumberKey(Int64(Self.bin(of: number, range: range, bins: bins)), to: &state.key)
                } else if let bucket {
                    if x.isNull {
                        Self.appendKey(x, to: &state.key)
                    } else {
                        guard let seconds = TimeBucket.seconds(x) else { state.skippedX += 1; return }
                        Self.appendNumberKey(TimeBucket.start(of: seconds, bucket), to: &state.key)
                    }
                } else {
                    Self.appendKey(x, to: &state.key)
                }
            }
            if let seriesSlot { Self.appendKey(values[seriesSlot], to: &state.key) }
            let group = state.key.withUnsafeBytes { state.table.group(of: $0) }
            if group * measureCount == state.accumulators.count {
                state.accumulators.append(contentsOf: repeatElement(Accumulator(), count: measureCount))
            }
            state.rows += 1
            for index in 0..<measureCount {
                let at = group * measureCount + index
                let aggregation = aggregations[index]
                guard let slot = measureSlots[index] else {
                    state.accumulators[at].count += 1
                    continue
                }
                let value = values[slot]
                if value.isNull { continue }
                switch aggregation {
                case .count:
                    state.accumulators[at].count += 1
                case .distinct:
                    state.accumulators[at].distinct.insert(Self.distinctHash(value))
                default:
                    if let number = value.number {
                        state.numeric[index] += 1
                        state.accumulators[at].add(number: number, keepValues: aggregation == .median)
                    } else {
                        state.nonNumeric[index] += 1
                    }
                }
            }
        }
        return try assemble(states, range: range)
    }

    // MARK: - Merging and shaping

    private func assemble(_ states: [State], range: ClosedRange<Double>?) throws -> ChartData {
        let measureCount = request.measures.count
        var numeric = Array(repeating: 0, count: measureCount)
        var nonNumeric = Array(repeating: 0, count: measureCount)
        for state in states {
            for i in 0..<measureCount {
                numeric[i] += state.numeric[i]
                nonNumeric[i] += state.nonNumeric[i]
            }
        }
        try ChartAggregator.checkNumeric(request, columns: reader.columns, numeric: numeric, nonNumeric: nonNumeric)

        // Merge every worker's groups by x part and series part.
        var xTable = KeyTable()
        var seriesTable = KeyTable()
        var xs: [Member] = []
        var series: [Member] = []
        var matrix = Matrix(measures: measureCount)
        for state in states {
            for group in 0..<state.table.count {
                let key = Array(state.table.key(group))
                let (xPart, seriesPart) = split(key)
                let x = xPart.withUnsafeBytes { xTable.group(of: $0) }
                if x == xs.count { xs.append(member(forX: xPart, range: range)) }
                let s = seriesPart.withUnsafeBytes { seriesTable.group(of: $0) }
                if s == series.count {
                    let value = Self.value(ofPart: seriesPart)
                    series.append(Member(label: value, order: value))
                }
                let start = group * measureCount
                matrix.merge(x: x, s: s, state.accumulators[start..<(start + measureCount)])
            }
        }
        let rows = states.reduce(0) { $0 + $1.rows }
        let skipped = nonNumeric.reduce(0, +) + states.reduce(0) { $0 + $1.skippedX }
        return shape(xs: xs, series: series, matrix: matrix, rows: rows, skipped: skipped, range: range)
    }

    /// Orders, folds and limits merged groups into the answer: series beyond the limit and x
    /// groups beyond `top` merge into "Other", then x groups are sorted and cut to `limit`.
    func shape(
        xs: [Member], series: [Member], matrix: Matrix, rows: Int, skipped: Int, range: ClosedRange<Double>?
    ) -> ChartData {
        var xs = xs
        var series = series
        var matrix = matrix

        // A histogram shows every bin, empty ones too.
        if let range, let bins = request.bins {
            let present = Set(xs.compactMap { $0.order.integerValue })
            for bin in 0..<bins where !present.contains(Int64(bin)) {
                xs.append(Member(label: .real(Self.binStart(bin, range: range, bins: bins)), order: .integer(Int64(bin))))
            }
        }

        let aggregation = request.measures[0].aggregation
        var seriesOrder = Array(series.indices)
        var seriesOther: Int?
        if series.count > request.seriesLimit {
            let totals = series.indices.map { s in xs.indices.reduce(0.0) { $0 + abs(matrix.result(x: $1, s: s, 0, aggregation) ?? 0) } }
            let ranked = series.indices.sorted { totals[$0] != totals[$1] ? totals[$0] > totals[$1] : $0 < $1 }
            let kept = Array(ranked.prefix(request.seriesLimit))
            seriesOther = series.count
            matrix.foldSeries(Array(ranked.dropFirst(request.seriesLimit)), into: series.count)
            series.append(Member(label: .text("Other"), order: .null, isOther: true))
            seriesOrder = kept
        }
        seriesOrder.sort { ValueOrder.compare(series[$0].order, series[$1].order) < 0 }
        if let seriesOther { seriesOrder.append(seriesOther) }

        let totals: (Int) -> Double = { x in seriesOrder.reduce(0.0) { $0 + (matrix.result(x: x, s: $1, 0, aggregation) ?? 0) } }
        var order = Array(xs.indices)
        let groups = xs.count
        var other = false
        if let top = request.top, xs.count > top {
            let sums = xs.indices.map(totals)
            let ranked = xs.indices.sorted { sums[$0] != sums[$1] ? sums[$0] > sums[$1] : $0 < $1 }
            let folded = Array(ranked.dropFirst(top))
            let otherX = xs.count
            matrix.foldX(folded, into: otherX)
            xs.append(Member(label: .text("Other"), order: .null, isOther: true))
            order = Array(ranked.prefix(top))
            order.append(otherX)
            other = true
        }
        let sums = Dictionary(uniqueKeysWithValues: order.map { ($0, totals($0)) })
        order.sort { a, b in
            if xs[a].isOther != xs[b].isOther { return xs[b].isOther }
            let compared: Int
            switch request.sort {
            case .x: compared = ValueOrder.compare(xs[a].order, xs[b].order)
            case .value: compared = sums[a]! < sums[b]! ? -1 : (sums[a]! == sums[b]! ? 0 : 1)
            }
            if compared == 0 { return ValueOrder.compare(xs[a].order, xs[b].order) < 0 }
            return request.descending ? compared > 0 : compared < 0
        }
        let truncated = order.count > request.limit
        if truncated { order = Array(order.prefix(request.limit)) }

        var out: [ChartData.Series] = []
        let pivoted = request.series != nil
        for (index, measure) in request.measures.enumerated() {
            let measureName = ChartAggregator.name(of: measure, columns: reader.columns)
            for s in seriesOrder {
                let member = series[s]
                var name = measureName
                if pivoted {
                    let text = Self.text(member.label)
                    name = request.measures.count == 1 ? text : "\(text) · \(measureName)"
                }
                out.append(ChartData.Series(
                    name: name, measure: index, group: pivoted && !member.isOther ? member.label : nil,
                    data: order.map { matrix.result(x: $0, s: s, index, measure.aggregation) }))
            }
        }
        var data = ChartData(labels: order.map { xs[$0].label }, series: out)
        if let range, let bins = request.bins {
            data.bins = order.map { x in
                let bin = Int(xs[x].order.integerValue ?? 0)
                return ChartData.Bin(from: Self.binStart(bin, range: range, bins: bins), to: Self.binStart(bin + 1, range: range, bins: bins))
            }
        }
        data.rows = rows
        data.groups = groups
        data.truncated = truncated
        data.other = other
        data.skipped = skipped
        return data
    }

    func member(forX part: [UInt8], range: ClosedRange<Double>?) -> Member {
        let value = Self.value(ofPart: part)
        if let range, let bins = request.bins, let bin = value.integerValue {
            return Member(label: .real(Self.binStart(Int(bin), range: range, bins: bins)), order: .integer(bin))
        }
        if let bucket = request.bucket, let seconds = value.integerValue, !part.isEmpty, part[0] == Self.numberKeyTag {
            return Member(label: .text(TimeBucket.label(seconds, bucket)), order: .integer(seconds))
        }
        let column = request.x.map { reader.columns[$0].type }
        return Member(label: value, order: column.map { ValueOrder.key(value, type: $0) } ?? value)
    }

    /// Splits a group key into its x part and its series part.
    private func split(_ key: [UInt8]) -> ([UInt8], [UInt8]) {
        guard request.x != nil else { return ([], key) }
        let length = 5 + Int(Self.partLength(key, at: 0))
        return (Array(key[0..<length]), Array(key[length...]))
    }

    // MARK: - Keys

    /// Number keys (bins, bucket starts) use a tag no stored value has, so they never equal one.
    static let numberKeyTag: UInt8 = 0xF1

    @inline(__always)
    static func appendKey(_ value: RawValue, to key: inout [UInt8]) {
        key.append(value.tag)
        let count = UInt32(value.payload.count)
        withUnsafeBytes(of: count.littleEndian) { key.append(contentsOf: $0) }
        if !value.payload.isEmpty { key.append(contentsOf: value.payload) }
    }

    @inline(__always)
    static func appendNumberKey(_ number: Int64, to key: inout [UInt8]) {
        key.append(numberKeyTag)
        withUnsafeBytes(of: UInt32(8).littleEndian) { key.append(contentsOf: $0) }
        withUnsafeBytes(of: number.littleEndian) { key.append(contentsOf: $0) }
    }

    private static func partLength(_ key: [UInt8], at offset: Int) -> UInt32 {
        UInt32(key[offset + 1]) | UInt32(key[offset + 2]) << 8 | UInt32(key[offset + 3]) << 16 | UInt32(key[offset + 4]) << 24
    }

    /// The value of a key part; a number key reads back as an integer, an empty part as NULL.
    static func value(ofPart part: [UInt8]) -> Value {
        guard !part.isEmpty else { return .null }
        if part[0] == numberKeyTag {
            return part.withUnsafeBytes { .integer(Int64(littleEndian: $0.loadUnaligned(fromByteOffset: 5, as: Int64.self))) }
        }
        return part.withUnsafeBytes { raw in
            RawValue(tag: part[0], payload: UnsafeRawBufferPointer(rebasing: raw[5...])).value
        }
    }

    /// The hash `distinct` counts by; an integral real hashes as the integer, as SQL
    /// compares `1` and `1.0` equal.
    @inline(__always)
    static func distinctHash(_ value: RawValue) -> UInt64 {
        if value.tag == ValueTag.real.rawValue, let number = value.number, number == number.rounded(),
            abs(number) < 9.2e18
        {
            var integer = Int64(number).littleEndian
            return withUnsafeBytes(of: &integer) { KeyTable.hash($0) } &+ UInt64(ValueTag.integer.rawValue)
        }
        return KeyTable.hash(value.payload) &+ UInt64(value.tag)
    }

    static func text(_ value: Value) -> String {
        switch value {
        case .null: return "(null)"
        case .integer(let n): return String(n)
        case .real(let d): return String(d)
        case .text(let t): return t
        case .blob(let b): return "\\x" + b.map { String(format: "%02x", $0) }.joined()
        }
    }

    // MARK: - Histogram bins

    func numericRange(xSlot: Int, columns: [Int]) throws -> ClosedRange<Double>? {
        let states = try ColumnScan.run(reader, columns: columns, make: { (Double.infinity, -Double.infinity) }) { state, values, _ in
            guard let number = values[xSlot].number else { return }
            if number < state.0 { state.0 = number }
            if number > state.1 { state.1 = number }
        }
        let low = states.map(\.0).min() ?? .infinity
        let high = states.map(\.1).max() ?? -.infinity
        return low <= high ? low...high : 0...0
    }

    static func bin(of number: Double, range: ClosedRange<Double>, bins: Int) -> Int {
        let width = range.upperBound - range.lowerBound
        guard width > 0 else { return 0 }
        return min(bins - 1, max(0, Int((number - range.lowerBound) / width * Double(bins))))
    }

    static func binStart(_ bin: Int, range: ClosedRange<Double>, bins: Int) -> Double {
        let width = range.upperBound - range.lowerBound
        guard width > 0 else { return range.lowerBound + Double(bin) }
        return bin == bins ? range.upperBound : range.lowerBound + width * Double(bin) / Double(bins)
    }
}

private extension Value {
    var integerValue: Int64? {
        if case .integer(let n) = self { return n }
        return nil
    }
}
