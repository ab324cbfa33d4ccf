using ClusterMesh.Abstractions.Model;
using k8s.Models;

namespace ClusterMesh.Kubernetes.LocalState;

/// <summary>
/// Derives the security-identity labels of a pod as Cilium does: the pod's labels with source <c>k8s</c>, its
/// namespace, service account and cluster, and its namespace's labels under
/// <c>io.cilium.k8s.namespace.labels.</c>. Labels that change with every rollout are left out, so that pods of
/// one workload share an identity.
/// </summary>
public static class IdentityLabels
{
    /// <summary>Prefix of namespace labels inside a pod's identity.</summary>
    public const string NamespaceLabelPrefix = "io.cilium.k8s.namespace.labels.";

    /// <summary>The label the API server puts on every namespace.</summary>
    public const string NamespaceNameLabel = "kubernetes.io/metadata.name";

    // Per-pod or per-revision labels that would give every pod its own identity.
    private static readonly HashSet<string> Excluded = new(StringComparer.Ordinal)
    {
        "pod-template-hash",
        "controller-revision-hash",
        "pod-template-generation",
        "statefulset.kubernetes.io/pod-name",
        "apps.kubernetes.io/pod-index",
        "batch.kubernetes.io/controller-uid",
        "batch.kubernetes.io/job-name",
        "controller-uid",
        "job-name",
    };

    /// <summary>The identity labels of <paramref name="pod"/> in <paramref name="cluster"/>.</summary>
    public static LabelSet ForPod(V1Pod pod, V1Namespace? podNamespace, ClusterName cluster)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var ns = pod.Metadata.NamespaceProperty ?? "default";
        var labels = new List<Label>();
        foreach (var (key, value) in pod.Metadata.Labels ?? new Dictionary<string, string>())
        {
            if (!Excluded.Contains(key))
            {
                labels.Add(new Label(Label.SourceK8s, key, value));
            }
        }

        var namespaceLabels = new Dictionary<string, string>(podNamespace?.Metadata?.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [NamespaceNameLabel] = ns,
        };
        foreach (var (key, value) in namespaceLabels)
        {
            labels.Add(new Label(Label.SourceK8s, NamespaceLabelPrefix + key, value));
        }

        labels.Add(new Label(Label.SourceK8s, Label.NamespaceKey, ns));
        labels.Add(new Label(Label.SourceK8s, Label.ServiceAccountKey, pod.Spec?.ServiceAccountName ?? "default"));
        labels.Add(new Label(Label.SourceK8s, Label.ClusterKey, cluster.Value));
        return LabelSet.From(labels);
    }
}
