import Core
import Foundation

/// The text forms of values that every export format and the JSON API share, so a value reads
/// the same in the rows API, a CSV file and a spreadsheet.
///
/// Pure functions, safe from any thread.
public enum ValueText {
    /// A blob as `\x` followed by two lowercase hex digits a byte (PostgreSQL's `bytea` hex form).
    public static func blob(_ bytes: [UInt8]) -> String {
        var text: [UInt8] = []
        appendBlob(bytes, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// `NaN`, `Infinity` or `-Infinity` for a non-finite real (JSON has no such numbers);
    /// `nil` for a finite one.
    public static func nonFinite(_ number: Double) -> String? {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number > 0 ? "Infinity" : "-Infinity" }
        return nil
    }

    /// A real as text: the shortest digits that read back to the same `Double` (Swift's
    /// `description`, for example `0.1`, `1.0`, `1e+20`), or the `nonFinite` words.
    public static func real(_ number: Double) -> String {
        nonFinite(number) ?? number.description
    }

    /// A finite real as JSON writes it: `real(_:)` without a trailing `.0`, as Foundation's
    /// `JSONEncoder` (and so the rows API) writes doubles.
    static func jsonReal(_ number: Double) -> String {
        let text = number.description
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    static func appendBlob(_ bytes: [UInt8], to output: inout [UInt8]) {
        output.reserveCapacity(output.count + 2 + 2 * bytes.count)
        output.append(UInt8(ascii: "\\"))
        output.append(UInt8(ascii: "x"))
        hexDigits.withUnsafeBufferPointer { digits in
            for byte in bytes {
                output.append(digits[Int(byte >> 4)])
                output.append(digits[Int(byte & 0x0F)])
            }
        }
    }

    /// Appends the UTF-8 of `text` (no copy of the string's storage when it is native).
    @inline(__always)
    static func appendUTF8(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { output.append(contentsOf: $0) }
    }

    /// Whether `bytes` holds `byte`; libc's `memchr`, which stays fast in debug builds where
    /// a byte loop in Swift does not.
    @inline(__always)
    static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ byte: UInt8) -> Bool {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return false }
        return memchr(base, Int32(byte), bytes.count) != nil
    }

    /// Whether `text` holds none of `stops` (a NUL-terminated byte set), by libc's `strcspn`;
    /// a NUL inside `text` ends the scan early and so answers `false`, which is only slower.
    @inline(__always)
    static func hasNone(of stops: [CChar], in text: String) -> Bool {
        let count = text.utf8.count
        return text.withCString { string in stops.withUnsafeBufferPointer { strcspn(string, $0.baseAddress!) } } == count
    }

    /// The byte set `0x01 … 0x1F` plus `extra`, NUL-terminated, for `hasNone(of:in:)`.
    static func stopSet(controlsExcept allowed: [UInt8] = [], plus extra: [UInt8]) -> [CChar] {
        let controls = (UInt8(1)...0x1F).filter { !allowed.contains($0) }
        return (controls + extra).map { CChar(bitPattern: $0) } + [0]
    }

    @inline(__always)
    static func appendInteger(_ number: Int64, to output: inout [UInt8]) {
        appendUTF8(String(number), to: &output)
    }
}
