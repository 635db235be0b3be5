import Foundation
import PackagePlugin

/// Turns `Assets/` (the web UI) and the Debian browser libraries it uses into one generated
/// Swift source, so the `querybook` binary serves its UI with nothing beside it.
@main
struct EmbedAssets: BuildToolPlugin {
    /// Browser libraries copied in from Debian packages at build time: (served path, file on disk).
    static let vendorFiles: [(String, String)] = {
        let codemirror = "/usr/share/javascript/codemirror"
        let editor = [
            "lib/codemirror.js", "lib/codemirror.css", "mode/sql/sql.js", "addon/hint/show-hint.js",
            "addon/hint/show-hint.css", "addon/hint/sql-hint.js", "addon/edit/matchbrackets.js",
            "addon/runmode/runmode.js", "mode/markdown/markdown.js",
        ].map { ("vendor/codemirror/\($0)", "\(codemirror)/\($0)") }
        // Chart.js 3.9 (libjs-chart.js), the UMD build: the page uses its global `Chart`.
        return editor + [("vendor/chart.js/chart.min.js", "/usr/share/javascript/chart.js/chart.min.js")]
    }()

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let assets = context.package.directoryURL.appending(path: "Assets")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedAssets+Table.swift")
        var inputs: [URL] = []
        if let walker = FileManager.default.enumerator(at: assets, includingPropertiesForKeys: nil) {
            for case let url as URL in walker where !url.hasDirectoryPath {
                inputs.append(url)
            }
        }
        var arguments = [assets.path, output.path]
        for (served, disk) in Self.vendorFiles where FileManager.default.fileExists(atPath: disk) {
            arguments.append("\(served)=\(disk)")
            inputs.append(URL(fileURLWithPath: disk))
        }
        var commands: [Command] = []
        if let bundle = Self.cronstrueBundle(in: context.pluginWorkDirectoryURL) {
            commands.append(bundle.command)
            arguments.append("vendor/cronstrue/cronstrue.js=\(bundle.output.path)")
            inputs.append(bundle.output)
        }
        return commands + [
            .buildCommand(
                displayName: "Embedding web assets",
                executable: try context.tool(named: "AssetEmbedder").url,
                arguments: arguments,
                inputFiles: inputs,
                outputFiles: [output])
        ]
    }

    /// cronstrue (node-cronstrue, CommonJS) bundled by Debian's esbuild into one script that
    /// sets the global `cronstrue`; nil when either package is missing (the schedule panel then
    /// describes only its simple forms).
    static func cronstrueBundle(in workDirectory: URL) -> (command: Command, output: URL)? {
        let esbuild = "/usr/bin/esbuild"
        let entry = "/usr/share/nodejs/cronstrue/dist/cronstrue.js"
        guard FileManager.default.isExecutableFile(atPath: esbuild), FileManager.default.fileExists(atPath: entry) else {
            return nil
        }
        let output = workDirectory.appending(path: "vendor/cronstrue.js")
        let command = Command.buildCommand(
            displayName: "Bundling cronstrue with esbuild",
            executable: URL(fileURLWithPath: esbuild),
            arguments: [entry, "--bundle", "--format=iife", "--global-name=cronstrue", "--minify", "--log-level=warning",
                "--outfile=\(output.path)"],
            environment: ["NODE_PATH": "/usr/share/nodejs"],
            inputFiles: [URL(fileURLWithPath: entry)],
            outputFiles: [output])
        return (command, output)
    }
}
