import Core
import Foundation
import Hummingbird
import Realtime
import Store

/// `/api/docs/{id}/access`: who may read and edit a doc, and asking for access.
///
/// Any reader sees the public flag, the owner and the grants; only the owner and admins see
/// pending requests, change sharing, or answer requests. Every change is audited and
/// published as `doc.shared`, so open tabs re-read their role.
struct SharingRoutes {
    let store: HubStore
    let docs: DocRoutes
    let bodyLimit: Int

    func register(on router: Router<HubRequestContext>) {
        router.get("/api/docs/:id/access") { _, context in
            let user = try context.requireUser()
            let id = try DocRoutes.id(context, DocID.self)
            let role = try await docs.access.require(.viewer, doc: id, user)
            return JSONResponse.make(try await body(try await store.sharing(id), role: role))
        }
        router.put("/api/docs/:id/access") { request, context in
            let user = try context.requireUser()
            let id = try DocRoutes.id(context, DocID.self)
            let role = try await docs.access.require(.owner, doc: id, user)
            let form = try await request.decodeJSON(SharingForm.self, limit: bodyLimit)
            let grants = try form.grants.map { try $0.grant() }
            guard grants.count <= 500 else { throw APIError.badRequest("Share with at most 500 users and groups.") }
            let sharing = try await store.setSharing(id, isPublic: form.public, grants: grants)
            try await store.audit(
                actor: user.id, action: "doc.share", target: "doc:\(id)",
                detail: [
                    "public": String(form.public),
                    "grants": grants.map(\.summary).joined(separator: ","),
                ])
            // Open tabs re-read their own role: someone may have gained edit rights or lost access.
            await docs.publish(DocEvent(docId: id.rawValue, change: "doc.shared", doc: DocBody(sharing.doc)))
            return JSONResponse.make(try await body(sharing, role: role))
        }
        router.post("/api/docs/:id/access-requests") { _, context in
            let user = try context.requireUser()
            let id = try DocRoutes.id(context, DocID.self)
            if try await store.docRole(id, for: user) != nil {
                throw APIError.conflict("You already have access to this doc.")
            }
            let request = try await store.requestAccess(id, user: user.id)
            try await store.audit(actor: user.id, action: "doc.access_request", target: "doc:\(id)")
            return JSONResponse.make(
                status: .created, RequestBody(id: request.id.rawValue, user: PersonBody(user), createdAt: request.createdAt))
        }
        router.post("/api/docs/:id/access-requests/:request") { request, context in
            let user = try context.requireUser()
            let id = try DocRoutes.id(context, DocID.self)
            try await docs.access.require(.owner, doc: id, user)
            guard let text = context.parameters.get("request"), let requestID = AccessRequestID(text) else {
                throw APIError.notFound("No such access request: the id must be a positive integer.")
            }
            let answer = try await request.decodeJSON(AnswerForm.self, limit: bodyLimit)
            let role = try answer.role.map { try SharingForm.Grant.role($0) }
            let answered = try await store.answerAccessRequest(requestID, doc: id, role: role)
            if role != nil, let doc = try await store.doc(id) {
                await docs.publish(DocEvent(docId: id.rawValue, change: "doc.shared", doc: DocBody(doc)))
            }
            try await store.audit(
                actor: user.id, action: "doc.access_grant", target: "doc:\(id)",
                detail: ["user": String(answered.userID.rawValue), "role": role?.rawValue ?? "denied"])
            return JSONResponse.noContent()
        }
    }

    private func body(_ sharing: DocSharing, role: DocRole) async throws -> AccessBody {
        let requests = role == .owner ? sharing.requests : []
        var ids = Set(sharing.grants.compactMap { grant -> UserID? in
            if case .user(let id) = grant.grantee { return id }
            return nil
        })
        ids.insert(sharing.doc.ownerID)
        ids.formUnion(requests.map(\.userID))
        let users = try await store.users(ids)
        return AccessBody(
            public: sharing.doc.isPublic, environmentId: sharing.doc.environmentID.rawValue,
            owner: users[sharing.doc.ownerID].map(PersonBody.init),
            grants: sharing.grants.map { grant in
                switch grant.grantee {
                case .user(let id):
                    GrantBody(user: users[id].map(PersonBody.init), group: nil, role: grant.role)
                case .group(let id):
                    GrantBody(user: nil, group: GroupRef(id: id.rawValue, name: sharing.groupNames[id] ?? ""), role: grant.role)
                }
            },
            requests: requests.compactMap { request in
                users[request.userID].map { RequestBody(id: request.id.rawValue, user: PersonBody($0), createdAt: request.createdAt) }
            },
            role: role)
    }
}

extension DocGrant {
    /// `user:5=editor`, for the audit log.
    var summary: String {
        switch grantee {
        case .user(let id): "user:\(id)=\(role.rawValue)"
        case .group(let id): "group:\(id)=\(role.rawValue)"
        }
    }
}

/// A person as other people see them: no admin flag, no dates.
struct PersonBody: Encodable {
    let id: Int64
    let username: String
    let displayName: String
    let avatarColor: String

    init(_ user: User) {
        id = user.id.rawValue
        username = user.username
        displayName = user.displayName
        avatarColor = user.avatarColor
    }
}

struct GroupRef: Encodable {
    let id: Int64
    let name: String
}

struct GrantBody: Encodable {
    let user: PersonBody?
    let group: GroupRef?
    let role: DocRole

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(user, forKey: .user)
        try c.encode(group, forKey: .group)
        try c.encode(role, forKey: .role)
    }

    enum CodingKeys: String, CodingKey { case user, group, role }
}

struct RequestBody: Encodable {
    let id: Int64
    let user: PersonBody
    let createdAt: Date
}

struct AccessBody: Encodable {
    let `public`: Bool
    let environmentId: Int64
    let owner: PersonBody?
    let grants: [GrantBody]
    let requests: [RequestBody]
    let role: DocRole
}

struct SharingForm: Decodable {
    struct Grant: Decodable {
        let userId: Int64?
        let groupId: Int64?
        let role: String

        func grant() throws -> DocGrant {
            let role = try Self.role(role)
            switch (userId, groupId) {
            case (let user?, nil): return DocGrant(.user(UserID(user)), role: role)
            case (nil, let group?): return DocGrant(.group(GroupID(group)), role: role)
            default: throw APIError.badRequest("Each grant names exactly one of `userId` and `groupId`.")
            }
        }

        static func role(_ text: String) throws -> DocRole {
            guard let role = DocRole(rawValue: text), role != .owner else {
                throw APIError.badRequest("`role` must be viewer or editor, not `\(text)`.")
            }
            return role
        }
    }

    let `public`: Bool
    let grants: [Grant]
}

struct AnswerForm: Decodable {
    let role: String?
}
