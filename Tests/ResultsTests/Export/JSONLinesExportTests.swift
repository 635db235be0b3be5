import Core
import Foundation
import Results
import Testing

@Suite("JSON lines export: one object per row, values as the rows API writes them")
struct JSONLinesExportTests {
    func objects(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8), options: [.fragmentsAllowed]) as? [String: Any])
        }
    }

    @Test func everyRowIsOneObjectOnOneLine() throws {
        let text = try exportText(trickyColumns, trickyRows, .jsonl)
        #expect(text.hasSuffix("}\n"))
        #expect(text.split(separator: "\n").count == trickyRows.count, "no raw newline inside a line")
        let parsed = try objects(text)
        for (row, object) in zip(trickyRows, parsed) {
            #expect(object.keys.sorted() == ["label", "value"])
            switch row[1] {
            case .null: #expect(object["value"] is NSNull)
            case .text(let value): #expect(object["value"] as? String == value)
            case .integer(let value): #expect((object["value"] as? NSNumber)?.int64Value == value)
            case .real(let value) where value.isFinite: #expect((object["value"] as? NSNumber)?.doubleValue == value)
            case .real(let value): #expect(object["value"] as? String == ValueText.real(value))
            case .blob(let bytes): #expect(object["value"] as? String == ValueText.blob(bytes))
            }
        }
    }

    @Test func textMatchesTheRowsAPIEncoderByteForByte() throws {
        // The rows API encodes with JSONEncoder; a JSON lines value must read the same.
        let reals = [0.1, 3, -0.0, 1e20, 1e-7, 123456789.125, .leastNonzeroMagnitude, .greatestFiniteMagnitude, -2.5]
        for number in reals {
            let line = try exportText(textColumns("x"), [[.real(number)]], .jsonl)
            let encoded = String(decoding: try JSONEncoder().encode([number]), as: UTF8.self)
            #expect("[" + line.dropFirst(5).dropLast(2) + "]" == encoded, "\(number)")
        }
        let texts = ["plain", "quote \" back \\ slash", "ctl \u{1}\u{1f}\u{8}\u{c}\n\r\t", "中文 👩‍👩‍👧‍👦", ""]
        for text in texts {
            let line = try exportText(textColumns("x"), [[.text(text)]], .jsonl)
            let parsed = try objects(line)
            #expect(parsed.first?["x"] as? String == text)
        }
        #expect(try exportText(textColumns("x"), [[.text("\u{1}")]], .jsonl) == #"{"x":"\u0001"}"# + "\n")
        #expect(try exportText(textColumns("x"), [[.text("a\u{0}b")]], .jsonl) == #"{"x":"a\u0000b"}"# + "\n", "a NUL too")
    }

    @Test func duplicateNamesGetSuffixes() throws {
        #expect(JSONLinesEncoder.uniqueKeys(["a", "a", "b", "a"]) == ["a", "a_2", "b", "a_3"])
        #expect(JSONLinesEncoder.uniqueKeys(["a", "a", "a_2"]) == ["a", "a_3", "a_2"], "a real column keeps its name")
        #expect(JSONLinesEncoder.uniqueKeys(["", ""]) == ["", "_2"])
        let text = try exportText(textColumns("id", "id", "id"), [[.integer(1), .integer(2), .null]], .jsonl)
        #expect(text == #"{"id":1,"id_2":2,"id_3":null}"# + "\n")
    }

    @Test func aResultWithNoColumnsGivesEmptyObjects() throws {
        #expect(try exportText([], [[], []], .jsonl) == "{}\n{}\n")
    }
}
