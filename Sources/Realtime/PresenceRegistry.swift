import Foundation

/// Who is looking at a doc right now: one entry per browser tab, forgotten when the tab says
/// it leaves or stops saying it is there for ``ttl`` seconds.
///
/// An actor; kept in memory only (presence does not outlive the process).
public actor PresenceRegistry {
    /// One tab on one doc.
    public struct Entry: Codable, Sendable, Hashable {
        public var clientId: String
        public var userId: Int64
        public var name: String
        public var initials: String
        public var color: String
        /// The cell the person is in, and their selection in its text (UTF-16 offsets).
        public var cellId: Int64?
        public var selection: Selection?
        public var lastSeen: Date

        /// `color`: the person's chosen avatar colour; `nil` picks one from the tab's id, so
        /// people who kept the default colour still tell apart.
        public init(
            clientId: String, userId: Int64, name: String, color: String? = nil, cellId: Int64?, selection: Selection?,
            lastSeen: Date
        ) {
            self.clientId = clientId
            self.userId = userId
            self.name = name
            self.initials = Self.initials(of: name)
            self.color = color ?? Self.color(for: clientId)
            self.cellId = cellId
            self.selection = selection
            self.lastSeen = lastSeen
        }

        static let palette = ["#e4572e", "#29a19c", "#a35ddf", "#f2a541", "#3d84d6", "#d64f8a", "#5aa33d", "#8c6d3f"]

        /// Up to two initials, upper-cased.
        static func initials(of name: String) -> String {
            let words = name.split(whereSeparator: { $0 == " " || $0 == "." || $0 == "_" || $0 == "-" })
            return String(words.prefix(2).compactMap(\.first)).uppercased()
        }

        /// A stable colour per tab, so two tabs of one person are told apart.
        static func color(for clientId: String) -> String {
            var hash: UInt32 = 2_166_136_261
            for byte in clientId.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
            return palette[Int(hash % UInt32(palette.count))]
        }
    }

    /// A caret (`anchor == head`) or a selection.
    public struct Selection: Codable, Sendable, Hashable {
        public var anchor: Int
        public var head: Int

        public init(anchor: Int, head: Int) {
            self.anchor = anchor
            self.head = head
        }
    }

    /// Seconds an entry lives without an update.
    public let ttl: Double
    private var docs: [Int64: [String: Entry]] = [:]

    public init(ttl: Double = 10) {
        self.ttl = ttl
    }

    /// Records that a tab is on `doc` (and where); returns who is there now.
    public func update(doc: Int64, entry: Entry) -> [Entry] {
        docs[doc, default: [:]][entry.clientId] = entry
        return current(doc: doc, now: entry.lastSeen)
    }

    /// Forgets a tab; returns who is left.
    public func leave(doc: Int64, clientId: String, now: Date) -> [Entry] {
        docs[doc]?.removeValue(forKey: clientId)
        return current(doc: doc, now: now)
    }

    /// Who is on `doc`, ordered by name then tab; expired entries are dropped.
    public func current(doc: Int64, now: Date) -> [Entry] {
        let live = (docs[doc] ?? [:]).filter { now.timeIntervalSince($0.value.lastSeen) < ttl }
        docs[doc] = live.isEmpty ? nil : live
        return live.values.sorted { ($0.name, $0.clientId) < ($1.name, $1.clientId) }
    }

    /// Drops expired entries everywhere; returns the docs whose list changed, with their lists.
    public func sweep(now: Date) -> [(doc: Int64, present: [Entry])] {
        var changed: [(Int64, [Entry])] = []
        for (doc, entries) in docs {
            let before = entries.count
            let present = current(doc: doc, now: now)
            if present.count != before { changed.append((doc, present)) }
        }
        return changed
    }
}
