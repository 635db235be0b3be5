import Core

/// Errors, each with its message and line.
extension RenderCase {
    static let errors: [RenderCase] = [
        RenderCase("an undefined name", "SELECT *\nFROM t\nWHERE d >= '{{ start_date }}'", [],
                   .error("Line 3: 'start_date' is not defined.", line: 3)),
        RenderCase("an unknown filter", "SELECT\n{{ who | sql_strin }}", [string("who", "x")],
                   .error("Line 2: unknown filter 'sql_strin'.", line: 2)),
        RenderCase("an unknown filter in a branch that does not run", "{% if false %}\n\n{{ 1 | nope }}{% endif %}", [],
                   .error("Line 3: unknown filter 'nope'.", line: 3)),
        RenderCase("an unknown function", "{{ foo(1) }}", [],
                   .error("Line 1: unknown function 'foo': the functions are date_format, ds_add, latest_partition, range.", line: 1)),
        RenderCase("an unknown tag", "a\n{% include 'x' %}", [], .error("Line 2: unknown tag 'include'.", line: 2)),
        RenderCase("an if never closed", "SELECT\n{% if true %}\nabc", [], .error("Line 2: this 'if' is never closed: add {% endif %}.", line: 2)),
        RenderCase("a for never closed", "{% for x in [1] %}{{ x }}", [], .error("Line 1: this 'for' is never closed: add {% endfor %}.", line: 1)),
        RenderCase("an endfor with no for", "a\n{% endfor %}", [], .error("Line 2: unexpected 'endfor': there is no open 'for'.", line: 2)),
        RenderCase("an output never closed", "SELECT {{ ds ", [], .error("Line 1: '{{' is never closed: add '}}'.", line: 1)),
        RenderCase("a comment never closed", "SELECT 1\n{# note", [], .error("Line 2: the comment is never closed: add '#}'.", line: 2)),
        RenderCase("a string never closed", "{{ 'abc }}", [], .error("Line 1: the string is never closed: add '.", line: 1)),
        RenderCase("lines after a multi-line comment", "{# a\nb #}\n{{ missing }}", [], .error("Line 3: 'missing' is not defined.", line: 3)),
        RenderCase("a syntax error", "{{ 1 + }}", [], .error("Line 1: expected a value but found '}}'.", line: 1)),
        RenderCase("adding a string and a number", "{{ 'a' + 1 }}", [], .error("Line 1: cannot add a string and a number.", line: 1)),
        RenderCase("adding days to a date", "{{ today + 1 }}", [],
                   .error("Line 1: cannot add a date and a number. Use ds_add(date, days) for dates.", line: 1)),
        RenderCase("division by zero", "\n{{ 1 / 0 }}", [], .error("Line 2: division by zero.", line: 2)),
        RenderCase("an index out of range", "{{ [1][3] }}", [], .error("Line 1: index 3 is out of range: the list has 1 items.", line: 1)),
        RenderCase("for over a number", "{% for x in 5 %}{% endfor %}", [], .error("Line 1: 'for' needs a list, not a number.", line: 1)),
        RenderCase("comparing a list with a number", "{{ [1] < 2 }}", [], .error("Line 1: cannot compare a list with a number.", line: 1)),
        RenderCase("an attribute that is not there", "{% for x in [1] %}{{ loop.size }}{% endfor %}", [],
                   .error("Line 1: an object has no attribute 'size'.", line: 1)),
    ]
}
