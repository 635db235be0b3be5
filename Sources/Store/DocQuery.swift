import Core
import Foundation

/// Which docs a list shows and in what order; see ``HubStore/docs(matching:for:)``.
public struct DocQuery: Sendable, Equatable {
    /// What the list is ordered by.
    public enum Sort: String, Sendable, CaseIterable {
        /// Last change of the doc or any of its cells.
        case updated
        case created
        /// Case-insensitive (ASCII) title.
        case title
        /// When the asking user last opened it; docs never opened come last.
        case viewed
    }

    /// Which archived state the list keeps.
    public enum Archived: String, Sendable, CaseIterable {
        case `true`, `false`, all
    }

    /// The order; ties go by id in the same direction.
    public var sort: Sort = .updated
    /// Newest / Z first when `true`.
    public var descending = true
    /// Keeps docs whose title contains this text (case-insensitive); `nil` or empty keeps all.
    public var titleContains: String?
    /// Only the asking user's favorites.
    public var favoritesOnly = false
    /// Archived docs are left out unless asked for.
    public var archived: Archived = .false
    /// Only docs owned by this user.
    public var owner: UserID?
    /// Only docs the asking user has opened.
    public var viewedOnly = false
    /// At most this many docs, after skipping `offset`.
    public var limit = 100
    public var offset = 0

    /// Every doc not archived, most recently changed first, the first 100.
    public init() {}
}

/// A doc in a list, with the asking user's marks on it.
public struct DocListing: Sendable, Hashable {
    public var doc: Doc
    /// One of the asking user's favorites.
    public var favorite: Bool
    /// When the asking user last opened it, if ever.
    public var viewedAt: Date?

    /// A listing of `doc` with the asking user's marks.
    public init(doc: Doc, favorite: Bool, viewedAt: Date?) {
        self.doc = doc
        self.favorite = favorite
        self.viewedAt = viewedAt
    }
}

/// One page of a doc list.
public struct DocPage: Sendable {
    /// This page's docs, in the query's order.
    public var docs: [DocListing]
    /// How many docs match in all, across pages.
    public var total: Int
}
