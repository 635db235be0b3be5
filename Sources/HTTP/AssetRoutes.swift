import Foundation
import HTTPTypes
import Hummingbird
import WebAssets

/// The web UI: its files under `/assets/`, and `index.html` for every page URL.
struct AssetRoutes {
    static let pages = [
        "/", "/docs", "/docs/:id", "/executions/:id", "/admin", "/admin/:tab", "/sign-in", "/settings", "/settings/:tab",
        "/tables", "/tables/:id", "/tables/:id/:tab", "/search", "/schedules",
    ]

    /// Strong validators, computed once from the embedded bytes.
    static let etags: [String: String] = EmbeddedAssets.files.mapValues { bytes in
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a: cheap and stable across runs
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return "\"\(String(hash, radix: 16))-\(bytes.count)\""
    }

    func register(on router: Router<HubRequestContext>) {
        for page in Self.pages {
            router.get(RouterPath(page)) { request, _ in try Self.serve("index.html", request: request) }
        }
        router.get("/assets/**") { request, context in
            let path = context.parameters.getCatchAll().joined(separator: "/")
            return try Self.serve(path, request: request)
        }
    }

    static func serve(_ path: String, request: Request) throws -> Response {
        guard let bytes = EmbeddedAssets.file(path), let etag = etags[path] else {
            throw APIError.notFound("No asset \(path).")
        }
        var headers: HTTPFields = [
            .contentType: contentType(path), .eTag: etag, .cacheControl: "no-cache",
        ]
        if path.hasSuffix(".html") {
            headers[.contentSecurityPolicy] = SecurityHeaders.contentSecurityPolicy
        }
        if request.headers[.ifNoneMatch] == etag {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func contentType(_ path: String) -> String {
        switch path.split(separator: ".").last ?? "" {
        case "html": "text/html; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "ico": "image/x-icon"
        case "json": "application/json"
        default: "application/octet-stream"
        }
    }
}

/// Headers every response carries.
struct SecurityHeaders: RouterMiddleware {
    typealias Context = HubRequestContext

    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        return response
    }
}
