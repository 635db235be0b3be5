import Core
import NIOCore

/// Turns the binary-format cells postgres-nio hands over into ``Value``s.
///
/// postgres-nio always asks for results in PostgreSQL's binary format; each type's layout is
/// its `typsend` function in the PostgreSQL sources. Stateless; text comes out exact
/// (numerics digit for digit, timestamps to the microsecond).
enum PostgresValues {
    /// The value of one cell of type `oid`; `nil` bytes are SQL NULL.
    static func value(_ bytes: ByteBuffer?, oid: UInt32) -> Value {
        value(bytes, type: PostgresTypes.describe(oid), oid: oid)
    }

    /// The value of one cell of type `oid` described by `type` (which may come from the
    /// server's catalog: an array of a non-built-in type decodes by its elements).
    static func value(_ bytes: ByteBuffer?, type: PostgresTypes.Known, oid: UInt32) -> Value {
        guard let original = bytes else { return .null }
        var buffer = original
        if let element = type.element, !PostgresTypes.isBuiltIn(oid) {
            return PostgresArrays.json(&buffer, element: element).map(Value.text) ?? fallback(original)
        }
        return decode(&buffer, oid: oid) ?? fallback(original)
    }

    private static func decode(_ buffer: inout ByteBuffer, oid: UInt32) -> Value? {
        typealias T = PostgresTypes
        switch oid {
        case T.bool:
            return buffer.readInteger(as: UInt8.self).map { .integer($0 == 0 ? 0 : 1) }
        case T.int2:
            return buffer.readInteger(as: Int16.self).map { .integer(Int64($0)) }
        case T.int4:
            return buffer.readInteger(as: Int32.self).map { .integer(Int64($0)) }
        case T.int8:
            return buffer.readInteger(as: Int64.self).map { .integer($0) }
        case T.oid:
            return buffer.readInteger(as: UInt32.self).map { .integer(Int64($0)) }
        case T.float4:
            return buffer.readInteger(as: UInt32.self).map { .real(Double(Float(bitPattern: $0))) }
        case T.float8:
            return buffer.readInteger(as: UInt64.self).map { .real(Double(bitPattern: $0)) }
        case T.numeric:
            return PostgresNumeric.text(&buffer).map(Value.text)
        case T.money:
            // Cents as int8; lc_monetary's two fraction digits are assumed.
            return buffer.readInteger(as: Int64.self).map { .text(PostgresNumeric.fixed($0, scale: 2)) }
        case T.text, T.varchar, T.bpchar, T.name, T.char, T.json, T.xml, T.unknown:
            return .text(buffer.readString(length: buffer.readableBytes) ?? "")
        case T.jsonb:
            // A version byte (1), then the JSON text.
            guard buffer.readInteger(as: UInt8.self) == 1 else { return nil }
            return .text(buffer.readString(length: buffer.readableBytes) ?? "")
        case T.bytea:
            return .blob(buffer.readBytes(length: buffer.readableBytes) ?? [])
        case T.uuid:
            return uuid(&buffer).map(Value.text)
        case T.date:
            return buffer.readInteger(as: Int32.self).map { .text(PostgresDateTime.date(days: $0)) }
        case T.timestamp, T.timestamptz:
            // timestamptz is UTC on the wire whatever the session's TimeZone.
            return buffer.readInteger(as: Int64.self).map { .text(PostgresDateTime.timestamp(micros: $0)) }
        case T.time:
            return buffer.readInteger(as: Int64.self).map { .text(PostgresDateTime.time(micros: $0)) }
        case T.timetz:
            guard let micros = buffer.readInteger(as: Int64.self), let zone = buffer.readInteger(as: Int32.self)
            else { return nil }
            return .text(PostgresDateTime.time(micros: micros) + PostgresDateTime.offset(secondsWest: zone))
        case T.interval:
            guard let micros = buffer.readInteger(as: Int64.self), let days = buffer.readInteger(as: Int32.self),
                let months = buffer.readInteger(as: Int32.self)
            else { return nil }
            return .text(PostgresDateTime.interval(micros: micros, days: days, months: months))
        case T.inet, T.cidr:
            return address(&buffer, isCIDR: oid == T.cidr).map(Value.text)
        default:
            if let element = PostgresTypes.describe(oid).element {
                return PostgresArrays.json(&buffer, element: element).map(Value.text)
            }
            return nil
        }
    }

    /// Types the engine cannot decode: their bytes as text when they are UTF-8 (enums and
    /// most text-like extension types send their text), otherwise `\x`-prefixed hex as psql
    /// shows bytea.
    private static func fallback(_ buffer: ByteBuffer) -> Value {
        let bytes = buffer.getBytes(at: buffer.readerIndex, length: buffer.readableBytes) ?? []
        if !bytes.contains(0), let text = String(validating: bytes, as: UTF8.self) { return .text(text) }
        return .text("\\x" + hex(bytes))
    }

    private static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef")
        var out = ""
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return out
    }

    private static func uuid(_ buffer: inout ByteBuffer) -> String? {
        guard let bytes = buffer.readBytes(length: 16) else { return nil }
        let text = hex(bytes)
        var out = ""
        for (index, character) in text.enumerated() {
            if [8, 12, 16, 20].contains(index) { out.append("-") }
            out.append(character)
        }
        return out
    }

    /// `inet`/`cidr`: family, prefix bits, is-cidr flag, address length, address bytes.
    /// IPv6 addresses come out as eight full groups, without `::` shortening.
    private static func address(_ buffer: inout ByteBuffer, isCIDR: Bool) -> String? {
        guard let family = buffer.readInteger(as: UInt8.self), let bits = buffer.readInteger(as: UInt8.self),
            buffer.readInteger(as: UInt8.self) != nil, let length = buffer.readInteger(as: UInt8.self),
            let bytes = buffer.readBytes(length: Int(length))
        else { return nil }
        let isIPv4 = family == 2
        let text: String
        if isIPv4 {
            text = bytes.map(String.init).joined(separator: ".")
        } else {
            text = stride(from: 0, to: bytes.count, by: 2).map { index in
                String(UInt16(bytes[index]) << 8 | UInt16(bytes[min(index + 1, bytes.count - 1)]), radix: 16)
            }.joined(separator: ":")
        }
        let fullBits = isIPv4 ? 32 : 128
        return isCIDR || Int(bits) != fullBits ? "\(text)/\(bits)" : text
    }
}
