import Core
import Foundation
import Results

/// Rows in memory, in batches as given; `declaredRows` lets a test claim more rows than it
/// holds (to plan an export too large to make).
struct MemorySource: ExportSource {
    let columns: [ResultColumn]
    let batches: [[[Value]]]
    var declaredRows: Int?

    init(columns: [ResultColumn], batches: [[[Value]]], declaredRows: Int? = nil) {
        self.columns = columns
        self.batches = batches
        self.declaredRows = declaredRows
    }

    init(columns: [ResultColumn], rows: [[Value]], batchRows: Int = 2) {
        self.init(columns: columns, batches: stride(from: 0, to: rows.count, by: max(1, batchRows)).map {
            Array(rows[$0..<min(rows.count, $0 + batchRows)])
        })
    }

    var totalRows: Int { declaredRows ?? batches.reduce(0) { $0 + $1.count } }
    var batchCount: Int { batches.count }
    func rows(inBatch index: Int) throws -> [[Value]] { batches[index] }
}

/// The whole file of `source` exported as `format`, pulled chunk by chunk.
func exportBytes(
    _ source: any ExportSource, _ format: ExportFormat, rowsPerSheet: Int = XLSXEncoder.maxDataRowsPerSheet
) throws -> [UInt8] {
    let stream = try ResultExport(source: source, format: format, rowsPerSheet: rowsPerSheet).makeStream()
    var bytes: [UInt8] = []
    while let chunk = try stream.next() { bytes += chunk }
    return bytes
}

func exportText(_ columns: [ResultColumn], _ rows: [[Value]], _ format: ExportFormat) throws -> String {
    String(decoding: try exportBytes(MemorySource(columns: columns, rows: rows), format), as: UTF8.self)
}

func textColumns(_ names: String...) -> [ResultColumn] {
    names.map { ResultColumn(name: $0, type: .text) }
}

/// Values that trip up writers, one row each (first column a label).
let trickyColumns = [
    ResultColumn(name: "label", type: .text), ResultColumn(name: "value", type: .unknown),
]
let trickyRows: [[Value]] = [
    [.text("comma"), .text("a,b")],
    [.text("quote"), .text(#"say "hi""#)],
    [.text("newline"), .text("line 1\nline 2")],
    [.text("crlf"), .text("line 1\r\nline 2")],
    [.text("cr"), .text("a\rb")],
    [.text("tab"), .text("a\tb")],
    [.text("backslash"), .text(#"C:\path\n"#)],
    [.text("spaces"), .text("  padded  ")],
    [.text("unicode"), .text("中文 ✓ 👩‍👩‍👧‍👦 e\u{301}")],
    [.text("empty"), .text("")],
    [.text("null"), .null],
    [.text("blob"), .blob([0, 255, 16])],
    [.text("integer"), .integer(Int64.min)],
    [.text("real"), .real(0.1)],
    [.text("whole real"), .real(3)],
    [.text("big real"), .real(1e20)],
    [.text("nan"), .real(.nan)],
    [.text("inf"), .real(.infinity)],
    [.text("-inf"), .real(-.infinity)],
    [.text("huge"), .text(String(repeating: "x,\"y\"\n", count: 200_000))],
]

/// A small RFC 4180 reader for the tests: fields with their quoting kept apart, so NULL (an
/// empty unquoted field) and "" (quoted) can be told apart.
func parseCSV(_ text: String) -> [[(text: String, quoted: Bool)]] {
    var records: [[(String, Bool)]] = []
    var record: [(String, Bool)] = []
    var field: [UInt8] = []
    var quoted = false
    var inQuotes = false
    let bytes = Array(text.utf8)
    var index = 0
    func endField() {
        record.append((String(decoding: field, as: UTF8.self), quoted))
        field = []
        quoted = false
    }
    while index < bytes.count {
        let byte = bytes[index]
        if inQuotes {
            if byte == UInt8(ascii: "\"") {
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                    field.append(byte)
                    index += 1
                } else {
                    inQuotes = false
                }
            } else {
                field.append(byte)
            }
        } else if byte == UInt8(ascii: "\"") {
            inQuotes = true
            quoted = true
        } else if byte == UInt8(ascii: ",") {
            endField()
        } else if byte == UInt8(ascii: "\r"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") {
            endField()
            records.append(record)
            record = []
            index += 1
        } else {
            field.append(byte)
        }
        index += 1
    }
    return records
}

/// Runs `python3 -c script args…` and returns its standard output; `nil` when python3 is missing.
func python(_ script: String, _ arguments: [String]) throws -> String? {
    let candidates = ["/usr/bin/python3", "/usr/local/bin/python3"]
    guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = ["-c", script] + arguments
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw CocoaError(.fileReadCorruptFile) }
    return String(decoding: data, as: UTF8.self)
}
