/// A doc's named, typed value that its query cells use in templates (issue 9), for example
/// `{"name": "start_date", "type": "date", "value": "{{ ds_add(ds, -7) }}"}`.
///
/// A `string` or `date` value may itself be a template; the Templating module checks names,
/// types and cycles (``DocVariable`` only carries what was sent or stored).
public struct DocVariable: Codable, Sendable, Hashable {
    /// The type a variable's value has.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case string, number, boolean, date, list
    }

    /// A JSON value as sent: the type decides which shapes are allowed.
    public enum Value: Codable, Sendable, Hashable {
        case null
        case boolean(Bool)
        case integer(Int64)
        case real(Double)
        case string(String)
        case list([Value])

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .null
            } else if let flag = try? container.decode(Bool.self) {
                self = .boolean(flag)
            } else if let number = try? container.decode(Int64.self) {
                self = .integer(number)
            } else if let number = try? container.decode(Double.self) {
                self = .real(number)
            } else if let text = try? container.decode(String.self) {
                self = .string(text)
            } else {
                self = .list(try container.decode([Value].self))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .null: try container.encodeNil()
            case .boolean(let flag): try container.encode(flag)
            case .integer(let number): try container.encode(number)
            case .real(let number): try container.encode(number)
            case .string(let text): try container.encode(text)
            case .list(let items): try container.encode(items)
            }
        }
    }

    public var name: String
    public var type: Kind
    public var value: Value

    public init(name: String, type: Kind, value: Value) {
        self.name = name
        self.type = type
        self.value = value
    }
}
