import Core
import Foundation
import Hummingbird
import Store

/// `/api/admin/announcements`: the banner messages admins post. Messages are plain text; the
/// web UI escapes them. Active ones reach everyone through `GET /api/session`.
struct AnnouncementRoutes {
    let store: HubStore
    let bodyLimit: Int

    /// Registers the routes on `admin`, the `/api/admin` group behind ``AdminMiddleware``.
    func register(on admin: RouterGroup<HubRequestContext>) {
        admin.get("announcements") { _, _ in
            JSONResponse.make(["announcements": try await store.announcements().map(AnnouncementBody.init)])
        }
        admin.post("announcements") { request, context in
            let actor = try context.requireAdmin()
            let form = try await request.decodeJSON(AnnouncementForm.self, limit: bodyLimit)
            guard let message = form.message else { throw APIError.badRequest("Missing field `message`.") }
            let announcement = try await store.createAnnouncement(
                message: try Self.message(message), level: try form.level.map(Self.level) ?? .info,
                expiresAt: try form.expiresAt.change?.map { try DirectoryForms.date($0, field: "expiresAt") })
            try await store.audit(
                actor: actor.id, action: "announcement.create", target: "announcement:\(announcement.id)",
                detail: Self.detail(announcement))
            return JSONResponse.make(status: .created, AnnouncementBody(announcement))
        }
        admin.patch("announcements/:id") { request, context in
            let actor = try context.requireAdmin()
            let id = try DocRoutes.id(context, AnnouncementID.self)
            let form = try await request.decodeJSON(AnnouncementForm.self, limit: bodyLimit)
            let changes = try AnnouncementChanges(
                message: form.message.map(Self.message), level: form.level.map(Self.level),
                expiresAt: form.expiresAt.change.map { try $0.map { try DirectoryForms.date($0, field: "expiresAt") } })
            let announcement = try await store.updateAnnouncement(id, changes)
            try await store.audit(
                actor: actor.id, action: "announcement.update", target: "announcement:\(id)", detail: Self.detail(announcement))
            return JSONResponse.make(AnnouncementBody(announcement))
        }
        admin.delete("announcements/:id") { _, context in
            let actor = try context.requireAdmin()
            let id = try DocRoutes.id(context, AnnouncementID.self)
            try await store.deleteAnnouncement(id)
            try await store.audit(actor: actor.id, action: "announcement.delete", target: "announcement:\(id)")
            return Response(status: .noContent)
        }
    }

    /// A trimmed message of 1 to 1000 characters.
    static func message(_ text: String) throws -> String {
        let message = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...1000).contains(message.count) else { throw APIError.badRequest("`message` must be 1 to 1000 characters.") }
        return message
    }

    static func level(_ text: String) throws -> Announcement.Level {
        guard let level = Announcement.Level(rawValue: text) else {
            throw APIError.badRequest("`level` must be info or warning.")
        }
        return level
    }

    /// The announcement as the audit log keeps it (its message is not a secret).
    static func detail(_ announcement: Announcement) -> [String: String] {
        var detail = ["message": String(announcement.message.prefix(200)), "level": announcement.level.rawValue]
        if let expiresAt = announcement.expiresAt {
            detail["expiresAt"] = expiresAt.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        }
        return detail
    }
}

/// An announcement as the API shows it.
struct AnnouncementBody: Encodable {
    let id: Int64
    let message: String
    let level: String
    let createdAt: Date
    let expiresAt: Date?

    init(_ announcement: Announcement) {
        id = announcement.id.rawValue
        message = announcement.message
        level = announcement.level.rawValue
        createdAt = announcement.createdAt
        expiresAt = announcement.expiresAt
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(message, forKey: .message)
        try c.encode(level, forKey: .level)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(expiresAt, forKey: .expiresAt)
    }

    enum CodingKeys: String, CodingKey {
        case id, message, level, createdAt, expiresAt
    }
}

/// The body of `POST /api/admin/announcements` (`message` required) and of its PATCH: absent
/// fields stay; `expiresAt` `null` means never.
struct AnnouncementForm: Decodable {
    let message: String?
    let level: String?
    let expiresAt: Patch<String>

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        message = try c.decodeIfPresent(String.self, forKey: .message)
        level = try c.decodeIfPresent(String.self, forKey: .level)
        expiresAt = try c.decodePatch(String.self, forKey: .expiresAt)
    }

    enum CodingKeys: String, CodingKey {
        case message, level, expiresAt
    }
}
