/// A typed row identifier: `ID<Doc>` and `ID<Cell>` cannot be mixed up.
///
/// Encodes as a plain JSON integer.
public struct ID<Entity>: RawRepresentable, Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public var rawValue: Int64

    public init(rawValue: Int64) { self.rawValue = rawValue }
    public init(_ rawValue: Int64) { self.rawValue = rawValue }

    /// Parses a decimal path component; `nil` for anything else.
    public init?(_ text: some StringProtocol) {
        guard let value = Int64(text), value > 0 else { return nil }
        self.rawValue = value
    }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { String(rawValue) }
}

public typealias UserID = ID<User>
public typealias DocID = ID<Doc>
public typealias CellID = ID<Cell>
public typealias EngineID = ID<EngineInfo>
public typealias ExecutionID = ID<Execution>
public typealias JobID = ID<Job>
