import Core
import Foundation

/// One `QueryResults` document of the Trino client protocol: what a `POST /v1/statement`
/// or a `GET` of `nextUri` answers. Read with `JSONSerialization`, since `data` holds values
/// of every JSON kind.
struct TrinoPage {
    struct Column {
        var name: String
        /// Trino's type as it prints it, for example `decimal(10,2)` or `array(varchar)`.
        var type: String
    }

    struct Failure {
        var message: String
        var errorName: String?
        var line: Int?
        var column: Int?
    }

    var id: String?
    var nextURI: String?
    var columns: [Column]?
    var data: [[Any]]
    var state: String?
    var progressPercentage: Double?
    var processedRows: Int64?
    var processedBytes: Int64?
    var error: Failure?

    /// Parses a page. Throws ``EngineError/failed(_:)`` for a body that is not one.
    init(json body: [UInt8]) throws {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw EngineError.failed(RunError(message: "Trino answered with something that is not a query result."))
        }
        id = object["id"] as? String
        nextURI = object["nextUri"] as? String
        columns = (object["columns"] as? [[String: Any]])?.map {
            Column(name: $0["name"] as? String ?? "", type: $0["type"] as? String ?? "unknown")
        }
        data = object["data"] as? [[Any]] ?? []
        let stats = object["stats"] as? [String: Any] ?? [:]
        state = stats["state"] as? String
        progressPercentage = (stats["progressPercentage"] as? NSNumber)?.doubleValue
        processedRows = (stats["processedRows"] as? NSNumber)?.int64Value
        processedBytes = (stats["processedBytes"] as? NSNumber)?.int64Value
        if let error = object["error"] as? [String: Any] {
            let location = error["errorLocation"] as? [String: Any]
            self.error = Failure(
                message: error["message"] as? String ?? "The query failed.",
                errorName: error["errorName"] as? String,
                line: (location?["lineNumber"] as? NSNumber)?.intValue,
                column: (location?["columnNumber"] as? NSNumber)?.intValue)
        }
    }
}

extension TrinoPage.Failure {
    /// The engine error a failed query maps to: the user's cancel and the time limit by their
    /// error names, everything else with Trino's message and position.
    func engineError(timeout: Double) -> EngineError {
        switch errorName {
        case "USER_CANCELED": .cancelled
        case "EXCEEDED_TIME_LIMIT": .timedOut(seconds: timeout)
        default: .failed(RunError(message: message, line: line, column: column))
        }
    }
}
