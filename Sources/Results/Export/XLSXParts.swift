/// The fixed XML parts of a workbook (everything but the worksheets), as small strings.
///
/// The smallest set Excel, LibreOffice and openpyxl open without complaint: content types,
/// the package and workbook relationships, the workbook listing `sheetCount` sheets named
/// `Sheet1`, `Sheet2`, …, and a style sheet whose only extra style (index 1) is the bold
/// header row.
enum XLSXParts {
    static let declaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipTypes = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    static func contentTypes(sheetCount: Int) -> String {
        let type = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        let sheets = (1...max(1, sheetCount)).map {
            #"<Override PartName="/xl/worksheets/sheet\#($0).xml" ContentType="\#(type).worksheet+xml"/>"#
        }.joined()
        return declaration
            + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
            + #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
            + #"<Default Extension="xml" ContentType="application/xml"/>"#
            + #"<Override PartName="/xl/workbook.xml" ContentType="\#(type).sheet.main+xml"/>"#
            + #"<Override PartName="/xl/styles.xml" ContentType="\#(type).styles+xml"/>"#
            + sheets + "</Types>"
    }

    static let packageRelationships = declaration
        + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        + #"<Relationship Id="rId1" Type="\#(relationshipTypes)/officeDocument" Target="xl/workbook.xml"/>"#
        + "</Relationships>"

    static func workbook(sheetCount: Int) -> String {
        let sheets = (1...max(1, sheetCount)).map { #"<sheet name="Sheet\#($0)" sheetId="\#($0)" r:id="rId\#($0)"/>"# }
        return declaration
            + #"<workbook xmlns="\#(mainNamespace)" xmlns:r="\#(relationshipTypes)"><sheets>"#
            + sheets.joined() + "</sheets></workbook>"
    }

    static func workbookRelationships(sheetCount: Int) -> String {
        let count = max(1, sheetCount)
        let sheets = (1...count).map {
            #"<Relationship Id="rId\#($0)" Type="\#(relationshipTypes)/worksheet" Target="worksheets/sheet\#($0).xml"/>"#
        }
        return declaration
            + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
            + sheets.joined()
            + #"<Relationship Id="rId\#(count + 1)" Type="\#(relationshipTypes)/styles" Target="styles.xml"/>"#
            + "</Relationships>"
    }

    static let styles = declaration
        + #"<styleSheet xmlns="\#(mainNamespace)">"#
        + #"<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>"#
        + #"<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>"#
        + #"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#
        + #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
        + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
        + #"<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#
        + #"<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>"#
        + #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
        + "</styleSheet>"

    /// A worksheet up to its first row: its size (`rows` counts the header), and the header
    /// row frozen at the top.
    static func sheetStart(columns: Int, rows: Int) -> String {
        let dimension = columns > 0 ? #"<dimension ref="A1:\#(columnLetters(columns - 1))\#(max(1, rows))"/>"# : ""
        return declaration
        + #"<worksheet xmlns="\#(mainNamespace)">"# + dimension + #"<sheetViews><sheetView workbookViewId="0">"#
        + #"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#
        + "<sheetData>"
    }

    static let sheetEnd = "</sheetData></worksheet>"

    /// The column letters of 0-based column `index`: A … Z, AA … XFD.
    static func columnLetters(_ index: Int) -> String {
        var number = index + 1
        var letters: [UInt8] = []
        while number > 0 {
            let rest = (number - 1) % 26
            letters.insert(UInt8(ascii: "A") + UInt8(rest), at: 0)
            number = (number - 1) / 26
        }
        return String(decoding: letters, as: UTF8.self)
    }
}
