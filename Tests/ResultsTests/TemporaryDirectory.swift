import Core
import Foundation
import Results

/// Runs `body` with a fresh, empty directory under the system temp dir, removed afterwards.
func withTemporaryDirectory<R>(_ body: (URL) throws -> R) throws -> R {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("results-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try body(directory)
}

/// The async form of `withTemporaryDirectory`, for tests that start tasks.
func withTemporaryDirectory<R>(_ body: (URL) async throws -> R) async throws -> R {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("results-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try await body(directory)
}

/// Writes `rows` under `columns` to `file` and finishes it.
@discardableResult
func writeResult(
    _ file: URL, columns: [ResultColumn], rows: some Sequence<[Value]>, batchRows: Int = 4096
) throws -> ResultWriter {
    let writer = try ResultWriter(file: file, batchRows: batchRows)
    try writer.begin(columns: columns)
    for row in rows {
        try writer.append(row)
    }
    try writer.finish()
    return writer
}

/// Compares values bit for bit, so NaN equals the same NaN and -0.0 differs from 0.0.
func identical(_ lhs: [[Value]], _ rhs: [[Value]]) -> Bool {
    guard lhs.count == rhs.count else { return false }
    return zip(lhs, rhs).allSatisfy { left, right in
        left.count == right.count && zip(left, right).allSatisfy(identical)
    }
}

func identical(_ lhs: Value, _ rhs: Value) -> Bool {
    switch (lhs, rhs) {
    case (.real(let left), .real(let right)): left.bitPattern == right.bitPattern
    default: lhs == rhs
    }
}

/// The row `index` of the synthetic results used by the batching and paging tests.
func syntheticRow(_ index: Int) -> [Value] {
    [.integer(Int64(index)), .text("row \(index)"), index % 7 == 0 ? .null : .real(Double(index) / 4)]
}

let syntheticColumns = [
    ResultColumn(name: "id", type: .integer, engineType: "BIGINT"),
    ResultColumn(name: "label", type: .text),
    ResultColumn(name: "score", type: .real, engineType: "DOUBLE PRECISION"),
]
