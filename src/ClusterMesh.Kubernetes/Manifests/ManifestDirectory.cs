using System.Text.RegularExpressions;
using k8s;
using k8s.Models;

namespace ClusterMesh.Kubernetes.Manifests;

/// <summary>
/// Reads Kubernetes manifests from a directory: one folder per cluster, each with a <c>cilium-config</c>
/// ConfigMap naming the cluster. This is the source the agent uses when there is no API server.
/// </summary>
public static partial class ManifestDirectory
{
    /// <summary>Loads every cluster folder under <paramref name="meshDirectory"/> (folders with a cilium-config ConfigMap).</summary>
    /// <exception cref="ManifestException">A folder or file is unusable, or two folders declare the same cluster name or ID.</exception>
    public static IReadOnlyList<ClusterManifests> LoadMesh(string meshDirectory)
    {
        if (!System.IO.Directory.Exists(meshDirectory))
        {
            throw new ManifestException(meshDirectory, "directory does not exist");
        }

        var clusters = System.IO.Directory.GetDirectories(meshDirectory)
            .Order(StringComparer.Ordinal)
            .Select(LoadCluster)
            .ToList();
        if (clusters.Count == 0)
        {
            throw new ManifestException(meshDirectory, "no cluster folders (each needs a kube-system/cilium-config ConfigMap)");
        }

        foreach (var group in clusters.GroupBy(c => c.Settings.Name).Where(g => g.Count() > 1))
        {
            throw new ManifestException(meshDirectory, $"cluster name '{group.Key}' is declared by {string.Join(" and ", group.Select(c => c.Directory))}");
        }

        foreach (var group in clusters.GroupBy(c => c.Settings.Id).Where(g => g.Count() > 1))
        {
            throw new ManifestException(meshDirectory, $"cluster ID {group.Key} is declared by {string.Join(" and ", group.Select(c => c.Directory))}");
        }

        return clusters;
    }

    /// <summary>Loads one cluster folder (every *.yaml and *.yml file below it).</summary>
    /// <exception cref="ManifestException">A file does not parse, or the cilium-config ConfigMap is missing or invalid.</exception>
    public static ClusterManifests LoadCluster(string clusterDirectory)
    {
        if (!System.IO.Directory.Exists(clusterDirectory))
        {
            throw new ManifestException(clusterDirectory, "directory does not exist");
        }

        var files = System.IO.Directory.EnumerateFiles(clusterDirectory, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

        var collector = new Collector();
        foreach (var file in files)
        {
            var documents = DocumentSeparator().Split(File.ReadAllText(file));
            for (var i = 0; i < documents.Length; i++)
            {
                if (!string.IsNullOrWhiteSpace(StripComments(documents[i])))
                {
                    collector.Add(file, i + 1, documents[i]);
                }
            }
        }

        return collector.Build(clusterDirectory);
    }

    private static string StripComments(string document) =>
        string.Join('\n', document.Split('\n').Where(l => !l.TrimStart().StartsWith('#')));

    [GeneratedRegex(@"^---[ \t]*(#.*)?\r?$", RegexOptions.Multiline)]
    private static partial Regex DocumentSeparator();

    private sealed class Collector
    {
        private readonly List<V1Node> _nodes = [];
        private readonly List<V1Namespace> _namespaces = [];
        private readonly List<V1Pod> _pods = [];
        private readonly List<V1Service> _services = [];
        private readonly List<V1EndpointSlice> _slices = [];
        private readonly List<V1NetworkPolicy> _policies = [];
        private readonly List<ManifestDocument> _other = [];
        private (V1ConfigMap Map, string File)? _config;

        public void Add(string file, int index, string yaml)
        {
            var where = $"{file} (document {index})";
            ManifestHead head;
            try
            {
                head = KubernetesYaml.Deserialize<ManifestHead>(yaml);
            }
            catch (Exception e) when (e is YamlDotNet.Core.YamlException or InvalidOperationException or FormatException)
            {
                throw new ManifestException(where, $"not valid YAML: {e.Message}", e);
            }

            if (string.IsNullOrEmpty(head?.Kind) || string.IsNullOrEmpty(head.ApiVersion))
            {
                throw new ManifestException(where, "document has no apiVersion or kind");
            }

            if (string.IsNullOrEmpty(head.Metadata?.Name))
            {
                throw new ManifestException(where, $"{head.Kind} has no metadata.name");
            }

            try
            {
                switch ((head.ApiVersion, head.Kind))
                {
                    case ("v1", "Node"): _nodes.Add(KubernetesYaml.Deserialize<V1Node>(yaml)); break;
                    case ("v1", "Namespace"): _namespaces.Add(KubernetesYaml.Deserialize<V1Namespace>(yaml)); break;
                    case ("v1", "Pod"): _pods.Add(Defaulted(KubernetesYaml.Deserialize<V1Pod>(yaml))); break;
                    case ("v1", "Service"): _services.Add(Defaulted(KubernetesYaml.Deserialize<V1Service>(yaml))); break;
                    case ("discovery.k8s.io/v1", "EndpointSlice"): _slices.Add(Defaulted(KubernetesYaml.Deserialize<V1EndpointSlice>(yaml))); break;
                    case ("networking.k8s.io/v1", "NetworkPolicy"): _policies.Add(Defaulted(KubernetesYaml.Deserialize<V1NetworkPolicy>(yaml))); break;
                    case ("v1", "ConfigMap") when head.Metadata.Name == ClusterSettings.ConfigMapName:
                        if (_config is { } previous)
                        {
                            throw new ManifestException(where, $"second {ClusterSettings.ConfigMapName} ConfigMap (the first is in {previous.File})");
                        }

                        _config = (KubernetesYaml.Deserialize<V1ConfigMap>(yaml), where);
                        break;
                    default: _other.Add(new ManifestDocument(file, head.ApiVersion, head.Kind, yaml)); break;
                }
            }
            catch (Exception e) when (e is YamlDotNet.Core.YamlException or InvalidOperationException or FormatException)
            {
                throw new ManifestException(where, $"{head.Kind} {head.Metadata.Name}: {e.Message}", e);
            }
        }

        public ClusterManifests Build(string directory)
        {
            if (_config is not { } config)
            {
                throw new ManifestException(directory, $"no ConfigMap named {ClusterSettings.ConfigMapName} (it names the cluster: cluster-name, cluster-id)");
            }

            return new ClusterManifests
            {
                Directory = directory,
                Settings = ClusterSettings.FromConfigMap(config.Map, config.File),
                Nodes = _nodes,
                Namespaces = _namespaces,
                Pods = _pods,
                Services = _services,
                EndpointSlices = _slices,
                NetworkPolicies = _policies,
                Other = _other,
            };
        }

        // Namespaced objects without a namespace live in "default", as kubectl apply would put them.
        private static T Defaulted<T>(T obj)
            where T : IMetadata<V1ObjectMeta>
        {
            obj.Metadata.NamespaceProperty ??= "default";
            return obj;
        }
    }

    // Just enough of a document to decide what it is.
    private sealed class ManifestHead : IKubernetesObject<V1ObjectMeta>
    {
        public string ApiVersion { get; set; } = string.Empty;

        public string Kind { get; set; } = string.Empty;

        public V1ObjectMeta Metadata { get; set; } = new();
    }
}
