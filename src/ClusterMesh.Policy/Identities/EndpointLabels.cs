using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Policy.Identities;

/// <summary>
/// Identity labels of a pod as Cilium (and ClusterMesh.Kubernetes) derive them: pod labels with source
/// <c>k8s</c>, the namespace, service account and cluster, and the namespace's labels under
/// <c>io.cilium.k8s.namespace.labels.</c> (always with <c>kubernetes.io/metadata.name</c>).
/// </summary>
public static class EndpointLabels
{
    /// <summary>Prefix of namespace labels inside a pod's identity.</summary>
    public const string NamespaceLabelPrefix = "io.cilium.k8s.namespace.labels.";

    /// <summary>The identity labels of a pod.</summary>
    public static LabelSet ForPod(
        IReadOnlyDictionary<string, string> podLabels,
        string podNamespace,
        IReadOnlyDictionary<string, string>? namespaceLabels,
        ClusterName cluster,
        string serviceAccount = "default")
    {
        ArgumentNullException.ThrowIfNull(podLabels);
        var labels = podLabels.Select(p => new Label(Label.SourceK8s, p.Key, p.Value)).ToList();
        var nsLabels = new Dictionary<string, string>(namespaceLabels ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            ["kubernetes.io/metadata.name"] = podNamespace,
        };
        labels.AddRange(nsLabels.Select(p => new Label(Label.SourceK8s, NamespaceLabelPrefix + p.Key, p.Value)));
        labels.Add(new Label(Label.SourceK8s, Label.NamespaceKey, podNamespace));
        labels.Add(new Label(Label.SourceK8s, Label.ServiceAccountKey, serviceAccount));
        labels.Add(new Label(Label.SourceK8s, Label.ClusterKey, cluster.Value));
        return LabelSet.From(labels);
    }
}
