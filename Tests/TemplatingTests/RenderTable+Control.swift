import Core

/// Tags, comments, whitespace control and expressions.
extension RenderCase {
    static let control: [RenderCase] = [
        RenderCase("if takes the first true branch", "{% if n > 5 %}big{% elif n > 2 %}mid{% else %}small{% endif %}", [number("n", 10)], .output("big")),
        RenderCase("elif", "{% if n > 5 %}big{% elif n > 2 %}mid{% else %}small{% endif %}", [number("n", 3)], .output("mid")),
        RenderCase("else", "{% if n > 5 %}big{% elif n > 2 %}mid{% else %}small{% endif %}", [number("n", 1)], .output("small")),
        RenderCase(
            "for with loop.index and loop.last",
            "SELECT {% for c in cols %}{{ loop.index }} AS {{ c }}{% if not loop.last %}, {% endif %}{% endfor %}",
            [list("cols", [.string("a"), .string("b"), .string("c")])], .output("SELECT 1 AS a, 2 AS b, 3 AS c")),
        RenderCase(
            "loop.first, index0, revindex, length",
            "{% for x in [7, 8] %}{% if loop.first %}[{% endif %}{{ loop.index0 }}{{ loop.revindex }}{{ loop.length }}{% endfor %}]", [],
            .output("[022112]")),
        RenderCase("for else on an empty list", "{% for x in [] %}{{ x }}{% else %}none{% endfor %}", [], .output("none")),
        RenderCase("set", "{% set t = 'events' %}SELECT * FROM {{ t }}", [], .output("SELECT * FROM events")),
        RenderCase("set inside a loop stays in the loop", "{% set x = 1 %}{% for i in [1] %}{% set x = 2 %}{{ x }}{% endfor %}{{ x }}", [], .output("21")),
        RenderCase("comments vanish", "SELECT 1 {# a note with }} and %} #}FROM t", [], .output("SELECT 1 FROM t")),
        RenderCase(
            "whitespace control around blocks", "SELECT\n  {%- if true %}\n  x\n  {%- endif %}\nFROM t", [],
            .output("SELECT\n  x\nFROM t")),
        RenderCase("whitespace control around output and comments", "a {{- 'b' -}} c {#- gone -#} d", [], .output("abcd")),
        RenderCase("raw keeps template syntax as text", "SELECT '{% raw %}{{ x }} {% if %}{% endraw %}' || '{{ 'y' }}'", [],
                   .output("SELECT '{{ x }} {% if %}' || 'y'")),
        RenderCase("a raw never closed", "a\n{% raw %}{{", [], .error("Line 2: this 'raw' is never closed: add {% endraw %}.", line: 2)),
        RenderCase("arithmetic", "{{ 7 // 2 }} {{ 7 / 2 }} {{ -7 % 3 }} {{ 2 + 3 * 4 }} {{ (2 + 3) * 4 }} {{ 1.5 + 1 }}", [],
                   .output("3 3.5 2 14 20 2.5")),
        RenderCase("concatenation", "{{ 'a' ~ 1 ~ true ~ none }}", [], .output("a1true")),
        RenderCase("in and not in", "{{ 'b' in ['a', 'b'] }} {{ 'x' not in 'abc' }} {{ 3 in [1, 2] }}", [], .output("true true false")),
        RenderCase("and, or, not", "{{ true and 0 }} {{ 0 or 'y' }} {{ not '' }}", [], .output("0 y true")),
        RenderCase("comparisons", "{{ 1 < 2 }} {{ 'b' >= 'a' }} {{ 2 == 2.0 }} {{ today == ds }} {{ [1] != [1] }}", [],
                   .output("true true true true false")),
        RenderCase("indexes", "{{ xs[0] }}{{ xs[-1] }}{{ 'abc'[1] }}", [list("xs", [.integer(1), .integer(9)])], .output("19b")),
        RenderCase("inline if", "{{ 'yes' if n > 1 else 'no' }}|{{ 'x' if false }}", [number("n", 2)], .output("yes|")),
        RenderCase("is defined", "{% if missing is defined %}a{% else %}b{% endif %}{{ n is not defined }}", [number("n", 1)], .output("bfalse")),
        RenderCase("numbers, booleans and none as written", "{{ n }} {{ 2.5 }} {{ true }} [{{ none }}] {{ [1, 'a'] }}",
                   [number("n", 5)], .output("5 2.5 true [] [1, 'a']")),
    ]
}
