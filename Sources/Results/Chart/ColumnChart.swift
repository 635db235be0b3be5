import Core
import Foundation

/// A grouped chart computed from ``ColumnFile``s instead of the row batches: per row it reads
/// only a code or a number of each column it uses, so charts after the first over the same
/// columns take a fraction of a full scan. Gives the same answer as ``GroupedChart``.
struct ColumnChart {
    let reader: ResultReader
    let request: ChartRequest
    let grouped: GroupedChart

    init(reader: ResultReader, request: ChartRequest) {
        self.reader = reader
        self.request = request
        grouped = GroupedChart(reader: reader, request: request)
    }

    /// Rows read per chunk: bounded memory whatever the row count.
    static let chunk = 1 << 16

    /// The chart, or `nil` when a column it groups by has too many distinct values for codes.
    func compute(files: [Int: ColumnFile]) throws -> ChartData? {
        let rows = reader.totalRows
        let measureCount = request.measures.count
        // A numeric aggregation of a column with values but no number is the 422.
        try ChartAggregator.checkNumeric(
            request, columns: reader.columns,
            numeric: request.measures.map { m in m.column.map { files[$0]?.numeric ?? 0 } ?? 0 },
            nonNumeric: request.measures.map { m in m.column.map { files[$0]?.nonNumeric ?? 0 } ?? 0 })

        // Counting distinct values needs codes.
        for measure in request.measures where measure.aggregation == .distinct {
            if let column = measure.column, files[column]?.dictionary == nil { return nil }
        }
        // x groups: a dense number per x code (or bin), -1 to skip the row, -2 "skipped x".
        var xs: [GroupedChart.Member] = []
        var xOfCode: [Int32] = []
        var range: ClosedRange<Double>?
        let xFile = request.x.flatMap { files[$0] }
        if let x = request.x, let file = files[x] {
            if let bins = request.bins {
                range = try Self.numericRange(of: file)
                for bin in 0..<bins {
                    xs.append(grouped.member(forX: Self.numberKey(Int64(bin)), range: range))
                }
            } else {
                guard let dictionary = file.dictionary else { return nil }
                xOfCode = [Int32](repeating: -1, count: dictionary.count + 1)
                var byKey: [[UInt8]: Int32] = [:]
                for code in 0...dictionary.count {
                    var key: [UInt8] = code == 0 ? Self.nullKey : dictionary[code - 1]
                    if let bucket = request.bucket, code > 0 {
                        let seconds = key.withUnsafeBytes { raw in
                            TimeBucket.seconds(RawValue(tag: key[0], payload: UnsafeRawBufferPointer(rebasing: raw[5...])))
                        }
                        guard let seconds else { xOfCode[code] = -2; continue }
                        key = Self.numberKey(TimeBucket.start(of: seconds, bucket))
                    }
                    if request.bucket == nil { key = ColumnFile.normalized(key) }
                    if let existing = byKey[key] {
                        xOfCode[code] = existing
                    } else {
                        xOfCode[code] = Int32(xs.count)
                        byKey[key] = Int32(xs.count)
                        xs.append(grouped.member(forX: code == 0 ? key : (request.bucket == nil ? dictionary[code - 1] : key), range: nil))
                    }
                }
            }
        } else {
            xs = [GroupedChart.Member(label: .null, order: .null)]
        }

        var series: [GroupedChart.Member] = [GroupedChart.Member(label: .null, order: .null)]
        var seriesCanonical: [UInt32]?
        let seriesFile = request.series.flatMap { files[$0] }
        if let seriesFile {
            guard let dictionary = seriesFile.dictionary else { return nil }
            series = ([Self.nullKey] + dictionary).map { key in
                let value = GroupedChart.value(ofPart: key)
                return GroupedChart.Member(label: value, order: value)
            }
            seriesCanonical = seriesFile.canonicalCodes()
        }
        let seriesCount = series.count

        // Accumulate by (x, series) into compact slots: first each row's slot, then each
        // measure over the chunk in a tight loop.
        let pairCount = xs.count * seriesCount
        var slotTable = [Int32](repeating: -1, count: pairCount <= 1 << 22 ? pairCount : 0)
        var slotOf: [Int: Int32] = [:]
        var accumulators: [Accumulator] = []
        var pairs: [(x: Int, s: Int)] = []
        var counted = 0
        var skippedX = 0
        let measureFiles = request.measures.map { $0.column.flatMap { files[$0] } }
        var slots = [Int32](repeating: -1, count: Self.chunk)
        let measureCanonical = request.measures.enumerated().map { index, measure in
            measure.aggregation == .distinct ? measureFiles[index]?.canonicalCodes() : nil
        }
        var start = 0
        while start < rows {
            let chunk = start..<min(rows, start + Self.chunk)
            let xCodes = request.bins == nil ? try xFile?.codes(chunk) : nil
            let xNumbers = request.bins != nil ? try xFile?.numbers(chunk) : nil
            let seriesCodes = try seriesFile?.codes(chunk)
            for i in 0..<chunk.count {
                var x = 0
                if let xCodes {
                    let group = xOfCode[Int(xCodes[i])]
                    if group < 0 {
                        if group == -2 { skippedX += 1 }
                        slots[i] = -1
                        continue
                    }
                    x = Int(group)
                } else if let xNumbers, let range {
                    let number = xNumbers[i]
                    if number.isNaN {
                        if number.bitPattern != ColumnFile.nullBits { skippedX += 1 }
                        slots[i] = -1
                        continue
                    }
                    x = GroupedChart.bin(of: number, range: range, bins: request.bins ?? 1)
                }
                let s = seriesCodes.map { Int(seriesCanonical?[Int($0[i])] ?? $0[i]) } ?? 0
                let key = x * seriesCount + s
                var slot = slotTable.isEmpty ? slotOf[key] ?? -1 : slotTable[key]
                if slot < 0 {
                    slot = Int32(pairs.count)
                    if slotTable.isEmpty { slotOf[key] = slot } else { slotTable[key] = slot }
                    pairs.append((x, key % seriesCount))
                    accumulators.append(contentsOf: repeatElement(Accumulator(), count: measureCount))
                }
                slots[i] = slot
                counted += 1
            }
            for (index, measure) in request.measures.enumerated() {
                let aggregation = measure.aggregation
                let keepValues = aggregation == .median
                let file = measureFiles[index]
                let codes = aggregation == .distinct ? try file?.codes(chunk) : nil
                let canonical = measureCanonical[index]
                let numbers = aggregation == .distinct ? nil : try file?.numbers(chunk)
                accumulators.withUnsafeMutableBufferPointer { accumulators in
                    guard file != nil else {
                        for i in 0..<chunk.count where slots[i] >= 0 {
                            accumulators[Int(slots[i]) * measureCount + index].count += 1
                        }
                        return
                    }
                    if let codes {
                        for i in 0..<chunk.count where slots[i] >= 0 && codes[i] != 0 {
                            accumulators[Int(slots[i]) * measureCount + index].distinct.insert(UInt64(canonical?[Int(codes[i])] ?? codes[i]))
                        }
                        return
                    }
                    guard let numbers else { return }
                    numbers.withUnsafeBufferPointer { numbers in
                        for i in 0..<chunk.count where slots[i] >= 0 {
                            let number = numbers[i]
                            let at = Int(slots[i]) * measureCount + index
                            if number.isNaN {
                                if aggregation == .count, number.bitPattern != ColumnFile.nullBits { accumulators[at].count += 1 }
                            } else if aggregation == .count {
                                accumulators[at].count += 1
                            } else {
                                accumulators[at].add(number: number, keepValues: keepValues)
                            }
                        }
                    }
                }
            }
            start = chunk.upperBound
        }

        // Keep only the x groups and series that received rows (a histogram keeps every bin).
        let usedX = Set(pairs.map(\.x))
        let usedS = Set(pairs.map(\.s))
        var xRemap: [Int: Int] = [:]
        var keptX: [GroupedChart.Member] = []
        for (index, member) in xs.enumerated() where request.bins != nil || usedX.contains(index) {
            xRemap[index] = keptX.count
            keptX.append(member)
        }
        var sRemap: [Int: Int] = [:]
        var keptS: [GroupedChart.Member] = []
        for (index, member) in series.enumerated() where usedS.contains(index) {
            sRemap[index] = keptS.count
            keptS.append(member)
        }
        var compact = Matrix(measures: measureCount)
        for (slot, pair) in pairs.enumerated() {
            guard let x = xRemap[pair.x], let s = sRemap[pair.s] else { continue }
            let base = slot * measureCount
            compact.merge(x: x, s: s, accumulators[base..<(base + measureCount)])
        }
        let skipped = request.measures.enumerated().reduce(0) { sum, item in
            guard item.element.aggregation.isNumeric, let column = item.element.column else { return sum }
            return sum + (files[column]?.nonNumeric ?? 0)
        } + skippedX
        return grouped.shape(xs: keptX, series: keptS, matrix: compact, rows: counted, skipped: skipped, range: range)
    }

    static let nullKey: [UInt8] = [ValueTag.null.rawValue, 0, 0, 0, 0]

    static func numberKey(_ number: Int64) -> [UInt8] {
        var key: [UInt8] = []
        GroupedChart.appendNumberKey(number, to: &key)
        return key
    }
}

extension ColumnChart {
    /// The smallest and largest number of a column file (for histogram bins).
    static func numericRange(of file: ColumnFile) throws -> ClosedRange<Double>? {
        var low = Double.infinity
        var high = -Double.infinity
        var start = 0
        while start < file.rows {
            let chunk = start..<min(file.rows, start + ColumnChart.chunk)
            for number in try file.numbers(chunk) where !number.isNaN {
                if number < low { low = number }
                if number > high { high = number }
            }
            start = chunk.upperBound
        }
        return low <= high ? low...high : 0...0
    }
}
