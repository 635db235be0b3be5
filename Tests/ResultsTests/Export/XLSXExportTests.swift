import Core
import Foundation
import Results
import Testing

/// Reads a workbook back with Python's zipfile (CRCs and sizes checked by `testzip` and by
/// comparing each entry's stated size with what it inflates to) and ElementTree.
private let readWorkbook = #"""
import json, sys, zipfile, xml.etree.ElementTree as ET
ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
z = zipfile.ZipFile(sys.argv[1])
out = {"bad": z.testzip(), "names": z.namelist(), "sizes": [], "sheets": {}}
for info in z.infolist():
    data = z.read(info.filename)
    out["sizes"].append([info.filename, info.file_size, len(data), info.flag_bits & 8, info.compress_type])
    ET.fromstring(data)  # every part is well-formed XML
wb = ET.fromstring(z.read("xl/workbook.xml"))
out["sheetNames"] = [s.get("name") for s in wb.find("m:sheets", ns)]
for name in z.namelist():
    if not name.startswith("xl/worksheets/"):
        continue
    rows = []
    for row in ET.fromstring(z.read(name)).find("m:sheetData", ns):
        cells = []
        for c in row:
            t = c.get("t")
            if t == "inlineStr":
                value = "".join(x.text or "" for x in c.iter("{%s}t" % ns["m"]))
            else:
                value = c.find("m:v", ns).text
            cells.append([c.get("r"), t or "n", value])
        rows.append([row.get("r"), cells])
    out["sheets"][name] = rows
print(json.dumps(out))
"""#

struct Workbook {
    let names: [String]
    let sheetNames: [String]
    /// Per sheet file: rows of `(reference, type, value)`.
    let sheets: [String: [[[String]]]]
}

func readBack(_ bytes: [UInt8]) throws -> Workbook? {
    try withTemporaryDirectory { directory in
        let file = directory.appending(path: "book.xlsx")
        try Data(bytes).write(to: file)
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/unzip") {
            let unzip = Process()
            unzip.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
            unzip.arguments = ["-tq", file.path]
            unzip.standardOutput = Pipe()
            try unzip.run()
            unzip.waitUntilExit()
            #expect(unzip.terminationStatus == 0, "unzip -t finds the archive sound")
        }
        guard let output = try python(readWorkbook, [file.path]) else { return nil }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(json["bad"] is NSNull, "every CRC-32 matches")
        for size in json["sizes"] as? [[Any]] ?? [] {
            #expect(size[1] as? Int == size[2] as? Int, "stated size of \(size[0]) matches its data")
            #expect(size[3] as? Int == 8, "data descriptor flag")
            #expect(size[4] as? Int == 8, "deflated")
        }
        let sheets = (json["sheets"] as? [String: [[Any]]] ?? [:]).mapValues { rows in
            rows.map { row in ((row[1] as? [[Any]]) ?? []).map { cell in cell.map { "\($0)" } } }
        }
        return Workbook(
            names: json["names"] as? [String] ?? [], sheetNames: json["sheetNames"] as? [String] ?? [], sheets: sheets)
    }
}

@Suite("XLSX export: a streamed zip that spreadsheet readers open")
struct XLSXExportTests {
    @Test func partsAndCellsAreRight() throws {
        let columns = [ResultColumn(name: "id", type: .integer), ResultColumn(name: "v", type: .unknown)]
        let rows: [[Value]] = [
            [.integer(1), .text("<a & b>")],
            [.integer(2), .real(2.5)],
            [.integer(3), .null],
            [.integer(4), .text("ctl\u{0}\u{1}\u{8} gone\u{FFFE}\u{FFFF}, tab\tnew\nline cr\r kept")],
            [.integer(5), .text("  spaced  ")],
            [.integer(1 << 60), .real(.nan)],
            [.integer(-7), .blob([1, 2])],
            [.integer(8), .text("中文 👩‍👩‍👧‍👦")],
            [.integer(9), .real(1e20)],
        ]
        let bytes = try exportBytes(MemorySource(columns: columns, rows: rows, batchRows: 4), .xlsx)
        guard let book = try readBack(bytes) else { return }
        #expect(book.names == [
            "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
            "xl/worksheets/sheet1.xml",
        ])
        #expect(book.sheetNames == ["Sheet1"])
        let sheet = try #require(book.sheets["xl/worksheets/sheet1.xml"])
        #expect(sheet.count == rows.count + 1)
        #expect(sheet[0] == [["A1", "inlineStr", "id"], ["B1", "inlineStr", "v"]])
        #expect(sheet[1] == [["A2", "n", "1"], ["B2", "inlineStr", "<a & b>"]])
        #expect(sheet[2] == [["A3", "n", "2"], ["B3", "n", "2.5"]])
        #expect(sheet[3] == [["A4", "n", "3"]], "NULL is no cell")
        #expect(sheet[4][1] == ["B5", "inlineStr", "ctl gone, tab\tnew\nline cr\r kept"])
        #expect(sheet[5][1] == ["B6", "inlineStr", "  spaced  "])
        #expect(sheet[6] == [["A7", "inlineStr", "1152921504606846976"], ["B7", "inlineStr", "NaN"]])
        #expect(sheet[7] == [["A8", "n", "-7"], ["B8", "inlineStr", #"\x0102"#]])
        #expect(sheet[8][1] == ["B9", "inlineStr", "中文 👩‍👩‍👧‍👦"])
        #expect(sheet[9][1] == ["B10", "n", "1e+20"])
    }

    @Test func aLongResultContinuesOnTheNextSheets() throws {
        let rows = (1...7).map { [Value.integer(Int64($0)), .text("r\($0)")] }
        let source = MemorySource(columns: textColumns("n", "label"), rows: rows, batchRows: 2)
        let bytes = try exportBytes(source, .xlsx, rowsPerSheet: 3)
        guard let book = try readBack(bytes) else { return }
        #expect(book.sheetNames == ["Sheet1", "Sheet2", "Sheet3"])
        let counts = (1...3).map { book.sheets["xl/worksheets/sheet\($0).xml"]?.count }
        #expect(counts == [4, 4, 2], "each sheet: the header, then up to 3 rows")
        #expect(book.sheets["xl/worksheets/sheet2.xml"]?[0].map { $0[2] } == ["n", "label"])
        #expect(book.sheets["xl/worksheets/sheet2.xml"]?[1] == [["A2", "n", "4"], ["B2", "inlineStr", "r4"]])
        #expect(book.sheets["xl/worksheets/sheet3.xml"]?[1][0] == ["A2", "n", "7"])
    }

    @Test func hugeTextIsCutToExcelsCellLimit() throws {
        let huge = String(repeating: "é", count: 40_000)
        let bytes = try exportBytes(MemorySource(columns: textColumns("t"), rows: [[.text(huge)], [.text(String(repeating: "👍", count: 20_000))]]), .xlsx)
        guard let book = try readBack(bytes) else { return }
        let sheet = try #require(book.sheets["xl/worksheets/sheet1.xml"])
        #expect(sheet[1][0][2].count == XLSXEncoder.maxCellCharacters)
        #expect(sheet[2][0][2].utf16.count == XLSXEncoder.maxCellCharacters - 1, "a surrogate pair is not split")
    }

    @Test func anEmptyResultIsAWorkbookWithAHeader() throws {
        let bytes = try exportBytes(MemorySource(columns: textColumns("a"), batches: []), .xlsx)
        guard let book = try readBack(bytes) else { return }
        #expect(book.sheets["xl/worksheets/sheet1.xml"] == [[["A1", "inlineStr", "a"]]])
    }

    @Test func columnLettersGoPastZ() throws {
        let columns = (0..<30).map { ResultColumn(name: "c\($0)", type: .integer) }
        let bytes = try exportBytes(MemorySource(columns: columns, rows: [(0..<30).map { .integer(Int64($0)) }]), .xlsx)
        guard let book = try readBack(bytes) else { return }
        let refs = try #require(book.sheets["xl/worksheets/sheet1.xml"]?[1].map { $0[0] })
        #expect(refs[25] == "Z2" && refs[26] == "AA2" && refs[29] == "AD2")
    }
}
