import Foundation

/// The one JSON dialect of the hub's API and events: ISO 8601 dates with milliseconds.
public enum JSONCoding {
    /// A new encoder (JSONEncoder is not Sendable, so each caller gets its own).
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        // Stable output: the same object always encodes to the same bytes.
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        }
        return encoder
    }

    /// A new decoder.
    public static func decoder() -> JSONDecoder {
        JSONDecoder()
    }

    /// `value` as a JSON string.
    public static func string(_ value: some Encodable) throws -> String {
        String(decoding: try encoder().encode(value), as: UTF8.self)
    }
}
