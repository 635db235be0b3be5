import Core
import Execution
import Foundation
import Hummingbird
import Store

/// `/api/engines`: the engines runs can use, and (admin only) adding, editing, disabling and
/// testing them. No answer ever carries a secret: `secret` is `"set"` or `null`. A user sees
/// only the engines of their environments (admins see all); `?environment=ID` narrows the
/// list to one environment's. Adding and changing an engine is written to the audit log
/// (the names of the fields sent, never the value of a secret).
struct EngineRoutes {
    let admin: EngineAdmin
    let store: HubStore
    let bodyLimit: Int

    func register(on router: Router<HubRequestContext>) {
        router.get("/api/engines") { request, context in
            let user = try context.requireUser()
            var visible = try await store.visibleEngineIDs(for: user)
            if let text = request.uri.queryParameters.get("environment") {
                guard let environment = EnvironmentID(text) else {
                    throw APIError.badRequest("`environment` must be an environment id, not `\(text)`.")
                }
                visible.formIntersection(try await store.engineIDs(in: environment))
            }
            let all: Bool
            switch request.uri.queryParameters.get("all") {
            case nil, "false": all = false
            case "true": all = true
            case let other?: throw APIError.badRequest("`all` must be true or false, not `\(other)`.")
            }
            let engines = try await admin.engines(includeDisabled: all && user.isAdmin).filter { visible.contains($0.id) }
            return JSONResponse.make(["engines": engines.map { EngineBody($0, showSettings: user.isAdmin) }])
        }
        // Everything that changes or probes engines is for admins: see AdminMiddleware.
        let group = router.group("/api/engines").add(middleware: AdminMiddleware())
        group.post { request, context in
            let actor = try context.requireAdmin()
            let body = try await request.decodeJSON(EngineForm.self, limit: bodyLimit)
            let engine = try await admin.create(try body.draft())
            try await store.audit(
                actor: actor.id, action: "engine.create", target: "engine:\(engine.id)",
                detail: ["name": engine.name, "kind": engine.kind.rawValue])
            return JSONResponse.make(status: .created, EngineBody(engine))
        }
        group.post("test") { request, _ in
            let body = try await request.decodeJSON(EngineForm.self, limit: bodyLimit)
            let result = try await admin.test(try body.draft(), savedID: body.id.map { EngineID(rawValue: $0) })
            return JSONResponse.make(TestBody(result))
        }
        group.patch(":id") { request, context in
            let actor = try context.requireAdmin()
            let id = try DocRoutes.id(context, EngineID.self)
            let body = try await request.decodeJSON(EnginePatch.self, limit: bodyLimit)
            let engine = try await admin.update(id, body.changes)
            try await store.audit(
                actor: actor.id, action: "engine.update", target: "engine:\(id)",
                detail: ["name": engine.name, "changed": body.fields.joined(separator: ",")])
            return JSONResponse.make(EngineBody(engine))
        }
        group.post(":id/test") { _, context in
            JSONResponse.make(TestBody(try await admin.test(try DocRoutes.id(context, EngineID.self))))
        }
    }
}

/// An engine as the API shows it: settings and limits, and never the secret.
struct EngineBody: Encodable {
    let id: Int64
    let name: String
    let kind: EngineKind
    let description: String
    /// Connection settings: shown to admins only (hosts, users and paths are not everyone's).
    let settings: EngineSettings?
    /// `"set"` when a password or token is stored, else `null`.
    let secret: String?
    let timeLimit: Double?
    let rowCap: Int?
    let concurrency: Int?
    let disabled: Bool
    let createdAt: Date
    let updatedAt: Date

    init(_ engine: EngineInfo, showSettings: Bool = true) {
        id = engine.id.rawValue
        name = engine.name
        kind = engine.kind
        description = engine.description
        settings = showSettings ? engine.settings : nil
        secret = engine.secretSet ? "set" : nil
        timeLimit = engine.limits.timeLimit
        rowCap = engine.limits.rowCap
        concurrency = engine.limits.concurrency
        disabled = engine.disabled
        createdAt = engine.createdAt
        updatedAt = engine.updatedAt
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(kind, forKey: .kind)
        try c.encode(description, forKey: .description)
        try c.encodeIfPresent(settings, forKey: .settings)
        try c.encode(secret, forKey: .secret)
        try c.encode(timeLimit, forKey: .timeLimit)
        try c.encode(rowCap, forKey: .rowCap)
        try c.encode(concurrency, forKey: .concurrency)
        try c.encode(disabled, forKey: .disabled)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
    }

    enum CodingKeys: String, CodingKey {
        case id, name, kind, description, settings, secret, timeLimit, rowCap, concurrency, disabled, createdAt, updatedAt
    }
}

/// The answer of a connection test.
struct TestBody: Encodable {
    let ok: Bool
    let elapsedMs: Int
    let message: String?

    init(_ result: ConnectionTestResult) {
        ok = result.ok
        elapsedMs = result.elapsedMs
        message = result.message
    }
}

/// The body of `POST /api/engines` and `POST /api/engines/test`.
struct EngineForm: Decodable {
    /// Tests only: the saved engine being edited, whose secret is used when none is given.
    let id: Int64?
    let name: String?
    let kind: String
    let description: String?
    let settings: EngineSettings?
    let secret: String?
    let timeLimit: Double?
    let rowCap: Int?
    let concurrency: Int?
    let disabled: Bool?

    func draft() throws -> EngineDraft {
        EngineDraft(
            name: name ?? "", kind: try EnginePatch.kind(kind), description: description ?? "",
            settings: settings ?? EngineSettings(), secret: secret,
            limits: EngineLimits(timeLimit: timeLimit, rowCap: rowCap, concurrency: concurrency),
            disabled: disabled ?? false)
    }
}

/// The body of `PATCH /api/engines/{id}`: absent fields stay; `null` limits go back to the
/// server's; `secret` absent keeps it, `""` or `null` clears it.
struct EnginePatch: Decodable {
    let changes: EngineChanges
    /// The keys the body gave, sorted: what the audit log records (never the secret itself).
    let fields: [String]

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        fields = c.allKeys.map(\.stringValue).sorted()
        var changes = EngineChanges()
        changes.name = try c.decodeIfPresent(String.self, forKey: .name)
        changes.kind = try c.decodeIfPresent(String.self, forKey: .kind).map(Self.kind)
        changes.description = try c.decodeIfPresent(String.self, forKey: .description)
        changes.settings = try c.decodeIfPresent(EngineSettings.self, forKey: .settings)
        switch try c.decodePatch(String.self, forKey: .secret) {
        case .absent: break
        case .null: changes.secret = ""
        case .value(let secret): changes.secret = secret
        }
        changes.timeLimit = try c.decodePatch(Double.self, forKey: .timeLimit).change
        changes.rowCap = try c.decodePatch(Int.self, forKey: .rowCap).change
        changes.concurrency = try c.decodePatch(Int.self, forKey: .concurrency).change
        changes.disabled = try c.decodeIfPresent(Bool.self, forKey: .disabled)
        self.changes = changes
    }

    enum Key: String, CodingKey {
        case name, kind, description, settings, secret, timeLimit, rowCap, concurrency, disabled
    }

    static func kind(_ text: String) throws -> EngineKind {
        guard let kind = EngineKind(rawValue: text) else {
            let kinds = EngineKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw APIError.unprocessable("`kind`: unknown engine kind `\(text)`; use one of \(kinds).")
        }
        return kind
    }
}
