import Engines
import Testing

@Suite("TextPosition")
struct TextPositionTests {
    @Test("maps UTF-8 offsets to lines and character columns")
    func mapsOffsets() {
        let text = "SELECT 'é🎉',\r\n  x\nFROM t"
        #expect(TextPosition(utf8Offset: 0, in: text) == TextPosition(line: 1, column: 1))
        // 'é' is 2 bytes and '🎉' 4, but each is one column.
        #expect(TextPosition(utf8Offset: 14, in: text) == TextPosition(line: 1, column: 11))
        #expect(TextPosition(utf8Offset: 20, in: text) == TextPosition(line: 2, column: 3))
        #expect(TextPosition(utf8Offset: 25, in: text) == TextPosition(line: 3, column: 4))
        #expect(TextPosition(utf8Offset: -1, in: text) == nil)
        #expect(TextPosition(utf8Offset: 999, in: text) == nil)
    }
}
