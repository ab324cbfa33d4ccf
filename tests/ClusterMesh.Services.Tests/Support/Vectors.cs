using System.Text.Json.Nodes;
using ClusterMesh.Testing.Support;

namespace ClusterMesh.Services.Tests.Support;

/// <summary>Reads the shared reference files.</summary>
internal static class Vectors
{
    public static JsonNode Kvstore(string file) => Read(Path.Combine(RepoPaths.Shared, "reference", "cilium-kvstore", file));

    public static JsonNode GlobalSharedServicesDoc() =>
        Read(Path.Combine(RepoPaths.Shared, "reference", "netpol-conformance", "cilium", "global-shared-services-doc.json"));

    private static JsonNode Read(string path) => JsonNode.Parse(File.ReadAllText(path))!;
}
