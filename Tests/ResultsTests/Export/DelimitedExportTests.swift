import Core
import Foundation
import Results
import Testing

@Suite("CSV and TSV exports: escaping, NULL, numbers, blobs")
struct DelimitedExportTests {
    @Test func csvHasAHeaderAndCRLFRows() throws {
        let text = try exportText(
            [ResultColumn(name: "id", type: .integer), ResultColumn(name: "name", type: .text)],
            [[.integer(1), .text("ann")], [.integer(2), .text("bob")]], .csv)
        #expect(text == "id,name\r\n1,ann\r\n2,bob\r\n")
    }

    static let quoting: [(String, String)] = [
        ("plain", "plain"),
        ("a,b", #""a,b""#),
        (#"say "hi""#, #""say ""hi""""#),
        ("two\nlines", "\"two\nlines\""),
        ("cr\rhere", "\"cr\rhere\""),
        (" lead", #"" lead""#),
        ("trail ", #""trail ""#),
        ("\ttab", "\"\ttab\""),
        ("", #""""#),
        ("中文 ✓ 👩‍👩‍👧‍👦", "中文 ✓ 👩‍👩‍👧‍👦"),
        (#"""#, #""""""#),
    ]

    @Test(arguments: quoting)
    func csvQuotesOnlyWhatMustBeQuoted(_ value: String, _ expected: String) throws {
        let text = try exportText(textColumns("v"), [[.text(value)]], .csv)
        #expect(text == "v\r\n\(expected)\r\n")
    }

    @Test func csvTellsNullFromEmptyAndWritesNumbersAndBlobs() throws {
        let text = try exportText(
            textColumns("a", "b", "c", "d", "e", "f", "g"),
            [[.null, .text(""), .blob([0, 255, 16]), .real(0.1), .real(.nan), .real(-.infinity), .integer(Int64.min)],
             [.real(3), .real(1e20), .real(.infinity), .blob([]), .null, .null, .null]], .csv)
        #expect(text == "a,b,c,d,e,f,g\r\n" + #","",\x00ff10,0.1,NaN,-Infinity,-9223372036854775808"# + "\r\n"
            + #"3.0,1e+20,Infinity,\x,,,"# + "\r\n")
    }

    @Test func csvHeaderIsEscapedToo() throws {
        let text = try exportText(textColumns("a,b", "", #"q""#), [], .csv)
        #expect(text == #""a,b","","q""""# + "\r\n")
    }

    @Test func csvOfTrickyAndHugeValuesParsesBack() throws {
        let text = try exportText(trickyColumns, trickyRows, .csv)
        let records = parseCSV(text)
        #expect(records.count == trickyRows.count + 1)
        #expect(records[0].map(\.text) == ["label", "value"])
        for (row, record) in zip(trickyRows, records.dropFirst()) {
            let field = record[1]
            switch row[1] {
            case .null: #expect(field.text == "" && !field.quoted, "NULL is an empty unquoted field")
            case .text(let value): #expect(field.text == value, "\(row[0])")
            default: #expect(!field.quoted)
            }
        }
        #expect(records.last?[1].text.count == 200_000 * 6)
    }

    static let tsvEscapes: [(Value, String)] = [
        (.text("a\tb"), #"a\tb"#),
        (.text("two\nlines"), #"two\nlines"#),
        (.text("cr\r"), #"cr\r"#),
        (.text(#"back\slash"#), #"back\\slash"#),
        (.text(#"\N"#), #"\\N"#),
        (.text(""), ""),
        (.null, #"\N"#),
        (.blob([0xDE, 0xAD]), #"\\xdead"#),
        (.text(#"quote " and , comma"#), #"quote " and , comma"#),
        (.real(.nan), "NaN"),
        (.real(2.5), "2.5"),
        (.integer(-7), "-7"),
        (.text("ünï ✓"), "ünï ✓"),
    ]

    @Test(arguments: tsvEscapes)
    func tsvEscapesLikeCopyText(_ value: Value, _ expected: String) throws {
        let text = try exportText(textColumns("v", "w"), [[value, .integer(1)]], .tsv)
        #expect(text == "v\tw\n\(expected)\t1\n")
    }

    @Test func tsvOfTrickyValuesUnescapesBack() throws {
        let text = try exportText(trickyColumns, trickyRows, .tsv)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == trickyRows.count + 2)  // header, rows, and the empty string after the last LF
        #expect(lines.last == "")
        for (row, line) in zip(trickyRows, lines.dropFirst()) {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            #expect(fields.count == 2, "no raw tab or newline inside a field")
            if case .text(let value) = row[1] { #expect(unescapeTSV(fields[1]) == value) }
            if case .null = row[1] { #expect(fields[1] == #"\N"#) }
        }
    }

    func unescapeTSV(_ field: Substring) -> String {
        var result = ""
        var escaping = false
        for character in field {
            if escaping {
                switch character {
                case "t": result.append("\t")
                case "n": result.append("\n")
                case "r": result.append("\r")
                default: result.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.append(character)
            }
        }
        return result
    }
}
