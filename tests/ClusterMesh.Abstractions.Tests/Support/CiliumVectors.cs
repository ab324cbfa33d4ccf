using ClusterMesh.Testing.Support;
using System.Text.Json.Nodes;

namespace ClusterMesh.Abstractions.Tests.Support;

/// <summary>One kvstore key/value from the shared Cilium vectors.</summary>
/// <param name="File">The vector file name.</param>
/// <param name="Entry">The entry's index (0 for single-entry files).</param>
/// <param name="Key">The kvstore key.</param>
/// <param name="Value">The value: a JSON object for JSON values, a JSON string for text values.</param>
public sealed record KvVector(string File, int Entry, string Key, JsonNode Value);

/// <summary>
/// Finds and reads <c>shared/reference/cilium-kvstore</c>: <c>$CLUSTERMESH_SHARED/reference/cilium-kvstore</c> when
/// that variable is set, else <c>../shared/...</c> from the repository root (the folder holding
/// ClusterMesh.Sdk.sln) or from any folder above it, which covers git worktrees nested below the main tree.
/// </summary>
public static class CiliumVectors
{
    private static readonly Lazy<string> LazyFolder = new(Locate);

    public static string Folder => LazyFolder.Value;

    /// <summary>Every kvstore vector in scope, and why each file out of scope was skipped.</summary>
    public static (IReadOnlyList<KvVector> Vectors, IReadOnlyList<string> Skipped) Load()
    {
        var vectors = new List<KvVector>();
        var skipped = new List<string>();
        foreach (var path in Directory.GetFiles(Folder, "*.json").Order(StringComparer.Ordinal))
        {
            var file = Path.GetFileName(path);
            var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            var encoding = root["value_encoding"]?.GetValue<string>() ?? string.Empty;
            if (encoding.Contains("protobuf", StringComparison.OrdinalIgnoreCase))
            {
                skipped.Add($"{file}: value_encoding '{encoding}' is not JSON on the wire");
                continue;
            }

            if (root["entries"] is JsonArray entries)
            {
                for (var i = 0; i < entries.Count; i++)
                {
                    vectors.Add(ToVector(file, i, entries[i]!.AsObject()));
                }
            }
            else if (root["key"] is not null)
            {
                vectors.Add(ToVector(file, 0, root));
            }
            else
            {
                skipped.Add($"{file}: no kvstore key");
            }
        }

        return (vectors, skipped);
    }

    private static KvVector ToVector(string file, int entry, JsonObject node) =>
        new(file, entry, node["key"]!.GetValue<string>(), node["value"]!.DeepClone());

    private static string Locate() => RepoPaths.Reference("cilium-kvstore");
}
