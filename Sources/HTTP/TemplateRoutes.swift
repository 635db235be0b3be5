import Core
import Execution
import Hummingbird
import Store
import Templating

/// `/api/docs/{id}/variables` and `/api/docs/{id}/render`: a doc's template variables, and the
/// SQL a query cell's template renders to (the "Rendered SQL" preview).
struct TemplateRoutes {
    let store: HubStore
    let docs: DocRoutes
    let templater: QueryTemplater
    let bodyLimit: Int

    func register(on router: Router<HubRequestContext>) {
        router.get("/api/docs/:id/variables") { _, context in
            let id = try DocRoutes.id(context, DocID.self)
            try await docs.access.require(.viewer, doc: id, try context.requireUser())
            return JSONResponse.make(VariableList(try await store.variables(of: id)))
        }
        router.put("/api/docs/:id/variables") { request, context in
            let user = try context.requireUser()
            let id = try DocRoutes.id(context, DocID.self)
            try await docs.access.require(.editor, doc: id, user)
            let body = try await request.decodeJSON(VariableList.self, limit: bodyLimit)
            let variables = try body.checked()
            let saved = try await store.replaceVariables(of: id, with: variables)
            try await store.audit(
                actor: user.id, action: "doc.variables", target: "doc:\(id)",
                detail: ["names": saved.map(\.name).joined(separator: ",")])
            await docs.publish(DocEvent(docId: id.rawValue, change: "doc.variables"))
            return JSONResponse.make(VariableList(saved))
        }
        router.post("/api/docs/:id/render") { request, context in
            let user = try context.requireUser()
            let id = try DocRoutes.id(context, DocID.self)
            try await docs.access.require(.viewer, doc: id, user)
            let body = try await request.decodeJSON(RenderRequest.self, limit: bodyLimit)
            let engine = EngineID(rawValue: body.engineId)
            try await docs.access.requireEngine(engine, user)
            let variables: [DocVariable]
            if let trial = body.variables {
                variables = try VariableList(variables: trial).checked()
            } else {
                variables = try await store.variables(of: id)
            }
            let sql = try await templater.render(body.query, variables: variables, engine: engine, at: templater.clock.now())
            return JSONResponse.make(["sql": sql])
        }
    }
}

/// `{"variables": [Variable]}`, in and out.
struct VariableList: Codable {
    /// A variable as sent: its type is checked here, so an unknown one is a bad variable (not
    /// a bad request).
    struct Item: Codable {
        let name: String
        let type: String
        let value: DocVariable.Value?
    }

    let variables: [Item]

    init(variables: [Item]) { self.variables = variables }

    init(_ variables: [DocVariable]) {
        self.variables = variables.map { Item(name: $0.name, type: $0.type.rawValue, value: $0.value) }
    }

    /// The variables, if they are all good and use each other without a cycle.
    /// - Throws: ``VariableError`` (400 `invalid_variable` or `variable_cycle`).
    func checked() throws -> [DocVariable] {
        let variables = try self.variables.map { item in
            guard let kind = DocVariable.Kind(rawValue: item.type) else {
                throw VariableError.invalid(
                    name: item.name,
                    message: "Variable '\(item.name)': unknown type '\(item.type)'; use string, number, boolean, date or list.")
            }
            return DocVariable(name: item.name, type: kind, value: item.value ?? .null)
        }
        try VariableRules.check(variables)
        return variables
    }
}

struct RenderRequest: Decodable {
    let query: String
    let engineId: Int64
    /// Unsaved variables to try instead of the doc's saved ones.
    let variables: [VariableList.Item]?
}
