using ClusterMesh.Abstractions.Kvstore;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ClusterMesh.Replication.Mesh;

/// <summary>
/// Parses one file of the clustermesh configuration directory (Cilium's etcd configuration: <c>endpoints:</c>
/// list, <c>trusted-ca-file</c>, <c>cert-file</c>, <c>key-file</c>, optional <c>username</c>/<c>password</c>).
/// Like Cilium, a file without <c>endpoints:</c> is not a cluster configuration and is ignored.
/// </summary>
internal static class ClusterMeshConfigFile
{
    /// <summary>Parses <paramref name="text"/>; <c>null</c> when the file is not a cluster configuration.</summary>
    /// <exception cref="FormatException">The file has endpoints but is not valid.</exception>
    public static RemoteClusterConnectionConfig? Parse(string clusterName, string text, string? path = null)
    {
        if (!text.Contains("endpoints:", StringComparison.Ordinal))
        {
            return null;
        }

        var root = Load(text);
        if (!root.Children.TryGetValue(new YamlScalarNode("endpoints"), out var endpointsNode))
        {
            return null;
        }

        var endpoints = endpointsNode switch
        {
            YamlSequenceNode list => list.Children.Select(ScalarText).ToList(),
            YamlScalarNode one when !string.IsNullOrWhiteSpace(one.Value) => [one.Value!],
            _ => [],
        };
        if (endpoints.Count == 0 || endpoints.Any(string.IsNullOrWhiteSpace))
        {
            throw new FormatException($"{path ?? clusterName}: 'endpoints' must list at least one endpoint");
        }

        return new RemoteClusterConnectionConfig
        {
            ClusterName = clusterName,
            Endpoints = endpoints,
            TrustedCaFile = Optional(root, "trusted-ca-file"),
            CertFile = Optional(root, "cert-file"),
            KeyFile = Optional(root, "key-file"),
            Username = Optional(root, "username"),
            Password = Optional(root, "password"),
            SourcePath = path,
        };
    }

    private static YamlMappingNode Load(string text)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode mapping
                ? mapping
                : throw new FormatException("the file is not a YAML mapping");
        }
        catch (YamlException ex)
        {
            throw new FormatException($"invalid YAML: {ex.Message}", ex);
        }
    }

    private static string ScalarText(YamlNode node) =>
        node is YamlScalarNode scalar ? scalar.Value ?? string.Empty : throw new FormatException("endpoints must be strings");

    private static string? Optional(YamlMappingNode root, string name) =>
        root.Children.TryGetValue(new YamlScalarNode(name), out var node) && node is YamlScalarNode { Value: { Length: > 0 } value }
            ? value
            : null;
}
