using System.Collections.Concurrent;
using System.Text.Json;
using ClusterMesh.Testing.Support;

namespace ClusterMesh.Policy.Tests.Conformance;

/// <summary>The cilium/ conformance folder: files discovered by their <c>schema</c>, so new files count without code changes.</summary>
internal static class CiliumData
{
    public static string Folder => Path.Combine(RepoPaths.Reference("netpol-conformance"), "cilium");

    /// <summary>Every JSON file (recursively) whose schema starts with <paramref name="schemaPrefix"/>, relative to the folder.</summary>
    public static IReadOnlyList<string> FilesWithSchema(string schemaPrefix) =>
        [.. Directory.EnumerateFiles(Folder, "*.json", SearchOption.AllDirectories)
            .Where(f => Load(f).TryGetProperty("schema", out var s) && s.GetString()!.StartsWith(schemaPrefix, StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Folder, f))
            .Order(StringComparer.Ordinal)];

    /// <summary>The parsed file, read once per test run (theories load the same file for every case).</summary>
    public static JsonElement Load(string file) =>
        Cache.GetOrAdd(Path.IsPathRooted(file) ? file : Path.Combine(Folder, file), static path =>
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            return doc.RootElement.Clone();
        });

    private static readonly ConcurrentDictionary<string, JsonElement> Cache = new(StringComparer.Ordinal);
}
