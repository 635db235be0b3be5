import Foundation

/// The settings a chart cell keeps in its `content`, as a JSON object.
///
/// The store checks only `source` (a query cell id or null) and `type`; the other keys (x,
/// series, values, axes, colours… — see Docs/API.md) belong to the web UI and are kept as
/// sent, so the UI can add settings without a migration.
public enum ChartConfig {
    /// The chart types a cell may be: every Querybook type, plus `combo` (bars and lines on
    /// two y axes).
    public static let types = [
        "line", "area", "bar", "hbar", "pie", "doughnut", "scatter", "bubble", "histogram", "table", "combo",
    ]

    /// The content of a new chart cell when none is given.
    public static let empty = #"{"source":null,"type":"bar"}"#

    /// What is wrong with `content` as chart settings, or `nil` when it is fine.
    public static func problem(in content: String) -> String? {
        guard let data = content.data(using: .utf8),
            let value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        else {
            return "A chart cell's content must be a JSON object, for example \(empty)."
        }
        guard value is [String: Any] else {
            return "A chart cell's content must be a JSON object, for example \(empty)."
        }
        guard let known = try? JSONDecoder().decode(Known.self, from: data) else {
            return "The chart's `source` must be a query cell id or null, and its `type` a string."
        }
        if let source = known.source, source <= 0 {
            return "The chart's `source` must be a query cell id or null."
        }
        if let type = known.type, !types.contains(type) {
            return "The chart's `type` must be one of \(types.joined(separator: ", "))."
        }
        return nil
    }

    /// The source cell id in `content`, if it names one.
    public static func source(in content: String) -> Int64? {
        guard let data = content.data(using: .utf8) else { return nil }
        return (try? JSONDecoder().decode(Known.self, from: data))?.source
    }

    /// `content` with its `source` replaced by `id` (other keys kept); `content` itself when
    /// it is not a JSON object.
    public static func replacingSource(in content: String, with id: Int64?) -> String {
        guard let data = content.data(using: .utf8),
            var object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        else { return content }
        object["source"] = id.map { NSNumber(value: $0) } ?? NSNull()
        guard let out = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else {
            return content
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The keys this release reads; a JSON boolean or fraction fails to decode as an id.
    private struct Known: Decodable {
        let source: Int64?
        let type: String?
    }
}
