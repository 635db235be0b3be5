import Core
import Foundation
import Hummingbird
import NIOCore

/// JSON in and out, in the API's one dialect (see `JSONCoding`).
enum JSONResponse {
    static let contentType = "application/json; charset=utf-8"

    /// `value` encoded as a JSON response. Encoding our own response types cannot fail; if it
    /// ever did, the error shape is returned instead of a crash.
    static func make(status: HTTPResponse.Status = .ok, _ value: some Encodable) -> Response {
        let data: Data
        do {
            data = try JSONCoding.encoder().encode(value)
        } catch {
            data = Data(#"{"error":{"code":"internal","message":"Could not encode the response."}}"#.utf8)
            return Response(
                status: .internalServerError, headers: [.contentType: contentType],
                body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        return Response(status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// An empty `204`.
    static func noContent() -> Response {
        Response(status: .noContent)
    }
}

extension Request {
    /// Reads the body (at most `limit` bytes) and decodes it as `T`.
    /// - Throws: `413` past the limit, `400` for malformed JSON or a wrong type.
    func decodeJSON<T: Decodable>(_ type: T.Type, limit: Int) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError.tooLarge("The request body is larger than \(limit) bytes.")
        } catch is NIOTooManyBytesError {
            throw APIError.tooLarge("The request body is larger than \(limit) bytes.")
        }
        let data = Data(buffer.readableBytesView)
        guard !data.isEmpty else { throw APIError.badRequest("The request needs a JSON body.") }
        do {
            return try JSONCoding.decoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw APIError.badRequest(Self.describe(error))
        } catch let failure as TextOperation.Failure {
            throw APIError.badRequest("Bad `operation`: \(failure)")
        } catch {
            throw APIError.badRequest("The request body is not valid JSON.")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map(\.stringValue).filter { !$0.isEmpty }
            return keys.isEmpty ? "the body" : "`\(keys.joined(separator: "."))`"
        }
        switch error {
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "The request body is not valid JSON." : "Bad value at \(path(context))."
        case .keyNotFound(let key, _):
            return "Missing field `\(key.stringValue)`."
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "\(path(context)) must be \(Self.name(of: type))."
        @unknown default:
            return "The request body is not valid."
        }
    }

    private static func name(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Int64.Type: "an integer"
        default: "of another type"
        }
    }
}
