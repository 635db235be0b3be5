import Core
import Foundation
import Templating
import Testing

@Suite struct RenderingTableTests {
    static let all = builtins + filters + control + errors + variableCases

    static var builtins: [RenderCase] { RenderCase.builtins }
    static var filters: [RenderCase] { RenderCase.filters }
    static var control: [RenderCase] { RenderCase.control }
    static var errors: [RenderCase] { RenderCase.errors }
    static var variableCases: [RenderCase] { RenderCase.variableCases }

    @Test(arguments: all) func renders(_ row: RenderCase) async {
        let got = await row.run()
        #expect(got == row.expected, "\(row.name): \(row.template)")
    }

    @Test func theTableIsLargeAndItsNamesUnique() {
        #expect(Self.all.count >= 40)
        #expect(Set(Self.all.map(\.name)).count == Self.all.count)
    }

    @Test func errorsCarryTheColumnWhereItMakesSense() async {
        let context = TemplateContext(at: Date(timeIntervalSince1970: 0), timeZone: TimeZone(identifier: "UTC")!)
        do {
            _ = try await Template.render("SELECT 1,\n  {{ who | sql_strin }}", context: context)
            Issue.record("rendered")
        } catch {
            #expect(error.line == 2)
            #expect(error.column == 12)
        }
    }

    @Test func aLookupIsAskedOncePerTableAndKey() async throws {
        let counter = Counter()
        let context = TemplateContext(
            at: Date(timeIntervalSince1970: 0), timeZone: TimeZone(identifier: "UTC")!,
            latestPartition: { _, _ in
                await counter.bump()
                return .integer(7)
            })
        let sql = try await Template.render(
            "{{ latest_partition('a.b', 'k') }} {{ latest_partition('a.b', 'k') + 1 }}", context: context)
        #expect(sql == "7 8")
        #expect(await counter.value == 1)
    }

    @Test func runawayTemplatesStop() async {
        let context = TemplateContext(at: Date(timeIntervalSince1970: 0), timeZone: TimeZone(identifier: "UTC")!)
        await #expect(throws: TemplateError.self) {
            try await Template.render("{% for a in range(10000) %}{% for b in range(10000) %}x{% endfor %}{% endfor %}", context: context)
        }
        let deep = String(repeating: "(", count: 200) + "1" + String(repeating: ")", count: 200)
        await #expect(throws: TemplateError.self) { try await Template.render("{{ \(deep) }}", context: context) }
    }
}

actor Counter {
    var value = 0
    func bump() { value += 1 }
}
