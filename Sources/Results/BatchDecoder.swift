import Core

/// Decodes the inflated bytes of one batch back into rows.
///
/// Stateless; safe to call from any thread. Rows before the wanted range are skipped without
/// building their values, so a page in the middle of a batch costs little beyond inflating it.
enum BatchDecoder {
    /// Returns rows `skip ..< skip + take` of a batch holding `rowCount` rows of
    /// `columnCount` values each.
    ///
    /// When the range reaches the batch's last row, also checks that no bytes are left over.
    /// Throws `ResultError.corrupt` on an unknown tag or a value running past the end.
    static func decode(
        _ bytes: [UInt8], columnCount: Int, rowCount: Int, skip: Int, take: Int
    ) throws -> [[Value]] {
        precondition(skip >= 0 && take >= 0 && skip + take <= rowCount, "row range outside the batch")
        return try bytes.withUnsafeBytes { raw in
            var cursor = ByteCursor(raw, part: "batch")
            for _ in 0..<(skip * columnCount) {
                try skipValue(&cursor)
            }
            var rows: [[Value]] = []
            rows.reserveCapacity(take)
            for _ in 0..<take {
                var row: [Value] = []
                row.reserveCapacity(columnCount)
                for _ in 0..<columnCount {
                    row.append(try value(&cursor))
                }
                rows.append(row)
            }
            if skip + take == rowCount, !cursor.isAtEnd {
                throw ResultError.corrupt("batch has \(cursor.remaining) bytes after its last row")
            }
            return rows
        }
    }

    @inline(__always)
    private static func value(_ cursor: inout ByteCursor) throws -> Value {
        let tag = try cursor.byte()
        switch ValueTag(rawValue: tag) {
        case .null:
            return .null
        case .integer:
            return .integer(Int64(bitPattern: try cursor.uint64()))
        case .real:
            return .real(Double(bitPattern: try cursor.uint64()))
        case .text:
            let utf8 = try cursor.bytes(try cursor.length())
            return .text(String(decoding: utf8, as: UTF8.self))
        case .blob:
            let data = try cursor.bytes(try cursor.length())
            return .blob(Array(data))
        case nil:
            throw ResultError.corrupt("unknown value tag \(tag) in batch")
        }
    }

    @inline(__always)
    private static func skipValue(_ cursor: inout ByteCursor) throws {
        let tag = try cursor.byte()
        switch ValueTag(rawValue: tag) {
        case .null:
            break
        case .integer, .real:
            try cursor.skip(8)
        case .text, .blob:
            try cursor.skip(try cursor.length())
        case nil:
            throw ResultError.corrupt("unknown value tag \(tag) in batch")
        }
    }
}
