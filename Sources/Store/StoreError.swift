/// What the store refuses, in terms the HTTP layer maps to statuses.
public enum StoreError: Error, Equatable, Sendable {
    /// No row of `entity` with that id (for example `"doc"`, 42).
    case notFound(entity: String, id: Int64)
    /// The request names something that cannot be used here (an engine that does not exist,
    /// a sibling cell from another doc).
    case invalid(String)
    /// The object is not in a state that allows the change.
    case conflict(String)
}
