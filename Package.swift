// swift-tools-version:6.2
import PackageDescription

let grdb = Target.Dependency.product(name: "GRDB", package: "GRDB.swift")
let sqlite = Target.Dependency.product(name: "GRDBSQLite", package: "GRDB.swift")
let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let lifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")

let package = Package(
    name: "querybook",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "querybook", targets: ["querybook"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        // A streaming HTTP client: the ClickHouse engine, and the live-server and SSE tests.
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // The PostgreSQL engine's wire-protocol client.
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        // Already a postgres-nio dependency; named for the TLS context of `tls: .require`.
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        // bcrypt for passwords (only HummingbirdBcrypt, a small C target, is built).
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        // SHA-256 of session and API tokens; already built for postgres-nio.
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        // Domain values shared by every module; Foundation only.
        .target(name: "Core"),
        // Cron expressions and their fire times in IANA time zones; pure, Foundation only.
        .target(name: "Scheduling", dependencies: ["Core"]),
        // The hub's own SQLite file: migrations, docs, cells, executions, jobs.
        .target(name: "Store", dependencies: ["Core", grdb]),
        // Query engines behind one protocol; never sees the Store.
        .target(
            name: "Engines",
            dependencies: [
                "Core", sqlite, logging,
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]),
        // SQL tokenizer and table extraction (which tables a statement reads and writes).
        .target(name: "SQLAnalysis"),
        // Compressed result batches on disk.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        // glibc's malloc_trim, to give a first start's demo build memory back.
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        .target(name: "Results", dependencies: ["Core", "CZlib"]),
        // Event broker with bounded replay.
        .target(name: "Realtime", dependencies: ["Core"]),
        // Run lifecycle and the bounded worker pool.
        .target(
            name: "Execution",
            dependencies: [
                "Core", "Store", "Engines", "Results", "Realtime", "SQLAnalysis", "Scheduling", logging, lifecycle,
            ]),
        // The web UI, embedded into the binary by a build-tool plugin.
        .executableTarget(name: "AssetEmbedder"),
        .plugin(name: "EmbedAssets", capability: .buildTool(), dependencies: ["AssetEmbedder"]),
        .target(name: "WebAssets", plugins: ["EmbedAssets"]),
        // Routes, JSON shapes, the error mapper, SSE and asset serving.
        .target(
            name: "HTTP",
            dependencies: ["Core", "Store", "Results", "Realtime", "Execution", "Scheduling", "WebAssets", hummingbird, logging, lifecycle,
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // Configuration and the composition root.
        .target(
            name: "App",
            dependencies: [
                "Core", "Store", "Engines", "Results", "Realtime", "Execution", "HTTP", "CMalloc", hummingbird, logging,
                lifecycle,
            ]),
        .executableTarget(
            name: "querybook",
            dependencies: ["App", .product(name: "ArgumentParser", package: "swift-argument-parser")]),

        .target(
            name: "TestSupport",
            dependencies: [
                "Core", "Store", "Engines", "App", hummingbird, logging, lifecycle,
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/TestSupport"),
        .testTarget(name: "CoreTests", dependencies: ["Core", "TestSupport"]),
        .testTarget(name: "SchedulingTests", dependencies: ["Core", "Scheduling"]),
        .testTarget(name: "StoreTests", dependencies: ["Core", "Store", "TestSupport", grdb]),
        .testTarget(
            name: "EnginesTests",
            dependencies: [
                "Core", "Engines", "TestSupport", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                // A stand-in Trino coordinator that replays recorded protocol exchanges.
                hummingbird, .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]),
        .testTarget(name: "SQLAnalysisTests", dependencies: ["SQLAnalysis"]),
        .testTarget(name: "ResultsTests", dependencies: ["Core", "Results", "TestSupport"]),
        .testTarget(name: "RealtimeTests", dependencies: ["Core", "Realtime"]),
        .testTarget(
            name: "ExecutionTests",
            dependencies: ["Core", "Store", "Engines", "Results", "Realtime", "Execution", "Scheduling", "TestSupport"]),
        .testTarget(
            name: "HTTPTests",
            dependencies: [
                "Core", "Store", "App", "HTTP", "Execution", "Results", "Realtime", "TestSupport", hummingbird, logging, grdb,
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]),
    ]
)
