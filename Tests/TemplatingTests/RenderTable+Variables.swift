import Core

/// Doc variables: types, templates in values, dependency order, cycles and bad variables.
extension RenderCase {
    static let variableCases: [RenderCase] = [
        RenderCase(
            "a date variable made from another, declared before it", "BETWEEN '{{ start_date }}' AND '{{ end_date }}'",
            [date("start_date", "{{ ds_add(end_date, -7) }}"), date("end_date", "2026-02-27")],
            .output("BETWEEN '2026-02-20' AND '2026-02-27'")),
        RenderCase(
            "a chain of three", "{{ c }}", [string("c", "{{ b }}!"), string("b", "{{ a | upper }}"), string("a", "x")], .output("X!")),
        RenderCase(
            "numbers, booleans, lists", "{{ n * 2 }} {{ flag }} {{ xs | sql_list }}",
            [number("n", 21), DocVariable(name: "flag", type: .boolean, value: .boolean(false)), list("xs", [.string("a"), .integer(2)])],
            .output("42 false ('a', 2)")),
        RenderCase("a variable template uses built-ins", "{{ since }}", [date("since", "{{ yesterday }}")], .output("2026-02-28")),
        RenderCase(
            "a cycle", "{{ a }}", [string("a", "{{ b }}"), string("b", "{{ a }}")],
            .error("Variables refer to each other in a cycle: a → b → a.", line: nil)),
        RenderCase("a variable that uses itself", "{{ a }}", [string("a", "x{{ a }}")],
                   .error("Variables refer to each other in a cycle: a → a.", line: nil)),
        RenderCase(
            "a longer cycle behind a good variable", "{{ x }}",
            [string("x", "1"), string("a", "{{ c }}"), string("b", "{{ a }}"), string("c", "{{ b }}")],
            .error("Variables refer to each other in a cycle: a → c → b → a.", line: nil)),
        RenderCase("an error inside a variable's template", "{{ a }}", [string("a", "{{ nope }}")],
                   .error("Variable 'a', line 1: 'nope' is not defined.", line: 1)),
        RenderCase("a date variable that renders to no date", "{{ a }}", [date("a", "{{ 'abc' }}")],
                   .error("Variable 'a', line 1: 'abc' is not a date (YYYY-MM-DD).", line: 1)),
        RenderCase("a date variable that is no date", "{{ a }}", [date("a", "2026-13-01")],
                   .error("Variable 'a': '2026-13-01' is not a date; write YYYY-MM-DD (or a template such as {{ ds_add(ds, -7) }}).", line: nil)),
        RenderCase("a bad variable name", "1", [string("1abc", "x")],
                   .error("'1abc' is not a valid variable name: use letters, digits and _ (not first), at most 64.", line: nil)),
        RenderCase("a built-in's name", "1", [string("ds", "x")],
                   .error("'ds' is a built-in name; pick another name for the variable.", line: nil)),
        RenderCase("two variables of one name", "1", [string("a", "x"), number("a", 1)],
                   .error("There are two variables named 'a'.", line: nil)),
        RenderCase("a value of the wrong type", "1", [DocVariable(name: "n", type: .number, value: .string("5"))],
                   .error("Variable 'n': a number variable needs a number as its value.", line: nil)),
        RenderCase("a variable's template that does not parse", "1", [string("a", "{{ x | nope }}")],
                   .error("Variable 'a': Line 1: unknown filter 'nope'.", line: nil)),
        RenderCase("a set shadows a variable", "{% set a = 'inner' %}{{ a }}", [string("a", "outer")], .output("inner")),
    ]
}
