using ClusterMesh.Abstractions.Kvstore;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ClusterMesh.Kvstore.Etcd.Config;

/// <summary>
/// Reads Cilium's per-cluster etcd configuration (YAML: <c>endpoints</c> list, <c>trusted-ca-file</c>,
/// <c>cert-file</c>, <c>key-file</c>, optional <c>username</c>/<c>password</c>), the format of each file of the
/// clustermesh configuration directory. The file name is the cluster name.
/// </summary>
public static class EtcdConfigFile
{
    /// <summary>Reads and validates the file at <paramref name="path"/>, TLS material included.</summary>
    /// <exception cref="EtcdConfigurationException">The file or one of its fields cannot be used.</exception>
    public static EtcdKvStoreOptions Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new EtcdConfigurationException(path, "file", $"cannot be read ({ex.GetType().Name}: {ex.Message})", ex);
        }

        var options = EtcdKvStoreOptions.FromConnectionConfig(Parse(Path.GetFileName(path), text, path));
        EtcdConfigValidator.Validate(options);
        return options;
    }

    /// <summary>Parses the YAML <paramref name="text"/> of cluster <paramref name="clusterName"/> (no file access).</summary>
    /// <exception cref="EtcdConfigurationException">The YAML is invalid or has no endpoints.</exception>
    public static RemoteClusterConnectionConfig Parse(string clusterName, string text, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var root = LoadMapping(text, path);
        var endpoints = root.Children.TryGetValue(new YamlScalarNode("endpoints"), out var node)
            ? node switch
            {
                YamlSequenceNode list => list.Children.Select(n => (n as YamlScalarNode)?.Value ?? string.Empty).ToList(),
                YamlScalarNode { Value: { Length: > 0 } one } => [one],
                _ => [],
            }
            : [];
        if (endpoints.Count == 0 || endpoints.Any(string.IsNullOrWhiteSpace))
        {
            throw new EtcdConfigurationException(path, "endpoints", "must list at least one endpoint");
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

    private static YamlMappingNode LoadMapping(string text, string? path)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode mapping
                ? mapping
                : throw new EtcdConfigurationException(path, "file", "is not a YAML mapping");
        }
        catch (YamlException ex)
        {
            throw new EtcdConfigurationException(path, "file", $"invalid YAML at line {ex.Start.Line}", ex);
        }
    }

    private static string? Optional(YamlMappingNode root, string name) =>
        root.Children.TryGetValue(new YamlScalarNode(name), out var node) && node is YamlScalarNode { Value: { Length: > 0 } value }
            ? value
            : null;
}
