/// Trino client-protocol exchanges, written down from the protocol documentation
/// (https://trino.io/docs/current/develop/client-protocol.html: `QueryResults` with `id`,
/// `nextUri`, `columns`, `data`, `stats`, `error` with `errorLocation`) as a coordinator
/// answers them. No Trino can run on this machine, so these stand in for recorded traffic;
/// `{base}` is the stand-in coordinator's address and `{n}` the page number.
enum TrinoExchanges {
    static let queryID = "20261201_093000_00001_qbook"

    static func stats(_ state: String, percent: Double? = nil, rows: Int = 0, bytes: Int = 0) -> String {
        let progress = percent.map { #","progressPercentage":\#($0)"# } ?? ""
        return #"{"state":"\#(state)","queued":\#(state == "QUEUED"),"scheduled":\#(state != "QUEUED"),"nodes":1,"#
            + #""totalSplits":4,"queuedSplits":0,"runningSplits":1,"completedSplits":2,"cpuTimeMillis":12,"#
            + #""wallTimeMillis":30,"queuedTimeMillis":1,"elapsedTimeMillis":40,"processedRows":\#(rows),"#
            + #""processedBytes":\#(bytes),"physicalInputBytes":\#(bytes),"peakMemoryBytes":1024,"spilledBytes":0\#(progress)}"#
    }

    static let columns = #"""
        [{"name":"id","type":"bigint","typeSignature":{"rawType":"bigint","arguments":[]}},
         {"name":"name","type":"varchar","typeSignature":{"rawType":"varchar","arguments":[{"kind":"LONG","value":2147483647}]}},
         {"name":"price","type":"decimal(10,2)","typeSignature":{"rawType":"decimal","arguments":[]}},
         {"name":"ok","type":"boolean","typeSignature":{"rawType":"boolean","arguments":[]}},
         {"name":"day","type":"date","typeSignature":{"rawType":"date","arguments":[]}},
         {"name":"at","type":"timestamp(3) with time zone","typeSignature":{"rawType":"timestamp with time zone","arguments":[]}},
         {"name":"tags","type":"array(varchar)","typeSignature":{"rawType":"array","arguments":[]}},
         {"name":"attrs","type":"map(varchar, integer)","typeSignature":{"rawType":"map","arguments":[]}},
         {"name":"ratio","type":"double","typeSignature":{"rawType":"double","arguments":[]}},
         {"name":"raw","type":"varbinary","typeSignature":{"rawType":"varbinary","arguments":[]}},
         {"name":"doc","type":"json","typeSignature":{"rawType":"json","arguments":[]}}]
        """#

    /// A result in three pages after the queued answer: columns first, then rows in two pages.
    static let paged: [String] = [
        #"{"id":"\#(queryID)","infoUri":"{base}/ui/query.html?\#(queryID)","nextUri":"{base}/v1/statement/queued/\#(queryID)/y1/1","stats":\#(stats("QUEUED")),"warnings":[]}"#,
        #"{"id":"\#(queryID)","infoUri":"{base}/ui/query.html?\#(queryID)","nextUri":"{base}/v1/statement/executing/\#(queryID)/y2/2","columns":\#(columns),"stats":\#(stats("RUNNING", percent: 0)),"warnings":[]}"#,
        #"{"id":"\#(queryID)","infoUri":"{base}/ui/query.html?\#(queryID)","nextUri":"{base}/v1/statement/executing/\#(queryID)/y3/3","columns":\#(columns),"data":[[1,"café ☕","12.30",true,"2026-11-30","2026-11-30 12:34:56.789 UTC",["a","b"],{"k":1},0.5,"AAEC","{\"x\":1}"],[2,null,null,false,null,null,[],{},"NaN",null,null]],"stats":\#(stats("RUNNING", percent: 50, rows: 1000, bytes: 20480)),"warnings":[]}"#,
        #"{"id":"\#(queryID)","infoUri":"{base}/ui/query.html?\#(queryID)","columns":\#(columns),"data":[[9223372036854775807,"tab\tand\nnewline","-0.01",true,"1970-01-01","1970-01-01 00:00:00.000 UTC",["x"],{"a":-1},"-Infinity","",null]],"stats":\#(stats("FINISHED", percent: 100, rows: 1500, bytes: 30720)),"warnings":[]}"#,
    ]

    /// A statement that fails in analysis: no rows, an error with its place.
    static let failed: [String] = [
        #"{"id":"\#(queryID)","infoUri":"{base}/ui/query.html?\#(queryID)","nextUri":"{base}/v1/statement/queued/\#(queryID)/y1/1","stats":\#(stats("QUEUED")),"warnings":[]}"#,
        #"{"id":"\#(queryID)","infoUri":"{base}/ui/query.html?\#(queryID)","stats":\#(stats("FAILED")),"error":{"message":"line 2:8: Column 'nosuch' cannot be resolved","sqlState":"42S22","errorCode":47,"errorName":"COLUMN_NOT_FOUND","errorType":"USER_ERROR","errorLocation":{"lineNumber":2,"columnNumber":8},"failureInfo":{"type":"io.trino.spi.TrinoException","message":"line 2:8: Column 'nosuch' cannot be resolved","suppressed":[],"stack":[]}},"warnings":[]}"#,
    ]

    /// A query someone else killed (in Trino's UI, or a DELETE from another client).
    static let killed: [String] = [
        #"{"id":"\#(queryID)","infoUri":"{base}/ui/query.html?\#(queryID)","nextUri":"{base}/v1/statement/executing/\#(queryID)/y1/1","stats":\#(stats("RUNNING", percent: 10)),"warnings":[]}"#,
        #"{"id":"\#(queryID)","infoUri":"{base}/ui/query.html?\#(queryID)","stats":\#(stats("FAILED")),"error":{"message":"Query was canceled","errorCode":3,"errorName":"USER_CANCELED","errorType":"USER_ERROR"},"warnings":[]}"#,
    ]

    /// A query past `query_max_run_time`.
    static let tooLong: [String] = [
        #"{"id":"\#(queryID)","infoUri":"{base}/ui/query.html?\#(queryID)","nextUri":"{base}/v1/statement/executing/\#(queryID)/y1/1","stats":\#(stats("RUNNING")),"warnings":[]}"#,
        #"{"id":"\#(queryID)","infoUri":"{base}/ui/query.html?\#(queryID)","stats":\#(stats("FAILED")),"error":{"message":"Query exceeded maximum time limit of 1.00s","errorCode":131075,"errorName":"EXCEEDED_TIME_LIMIT","errorType":"INSUFFICIENT_RESOURCES"},"warnings":[]}"#,
    ]

    /// A long query: page `{n}` is still running and points at page `{n}+1`, forever.
    static let running =
        #"{"id":"\#(queryID)","infoUri":"{base}/ui/query.html?\#(queryID)","nextUri":"{base}/v1/statement/executing/\#(queryID)/y{n}/{next}","stats":\#(stats("RUNNING", percent: 5)),"warnings":[]}"#
}
