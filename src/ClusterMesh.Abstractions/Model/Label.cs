namespace ClusterMesh.Abstractions.Model;

/// <summary>A label with its source, written <c>source:key=value</c> (for example <c>k8s:app=web</c>).</summary>
/// <param name="Source">Where the label comes from (<c>k8s</c>, <c>reserved</c>, <c>cidr</c>, ...).</param>
/// <param name="Key">The label key.</param>
/// <param name="Value">The label value (may be empty).</param>
public sealed record Label(string Source, string Key, string Value) : IComparable<Label>
{
    /// <summary>Labels that come from Kubernetes objects.</summary>
    public const string SourceK8s = "k8s";

    /// <summary>Labels of reserved identities.</summary>
    public const string SourceReserved = "reserved";

    /// <summary>Label key carrying the cluster name of an endpoint.</summary>
    public const string ClusterKey = "io.cilium.k8s.policy.cluster";

    /// <summary>Label key carrying the namespace of a pod.</summary>
    public const string NamespaceKey = "io.kubernetes.pod.namespace";

    /// <summary>Label key carrying the service account of a pod.</summary>
    public const string ServiceAccountKey = "io.cilium.k8s.policy.serviceaccount";

    /// <summary>
    /// Parses <c>source:key=value</c>. A missing source becomes <c>unspec</c>, a missing <c>=value</c> an empty value.
    /// </summary>
    public static Label Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var source = "unspec";
        var rest = text.AsSpan();
        var colon = rest.IndexOf(':');
        var equals = rest.IndexOf('=');
        if (colon > 0 && (equals < 0 || colon < equals))
        {
            source = rest[..colon].ToString();
            rest = rest[(colon + 1)..];
            equals = rest.IndexOf('=');
        }

        return equals < 0
            ? new Label(source, rest.ToString(), string.Empty)
            : new Label(source, rest[..equals].ToString(), rest[(equals + 1)..].ToString());
    }

    /// <summary>
    /// Orders as Cilium's kvstore form does: by key (ordinal), then source and value so the order is total.
    /// </summary>
    public int CompareTo(Label? other)
    {
        if (other is null)
        {
            return 1;
        }

        var byKey = string.CompareOrdinal(Key, other.Key);
        if (byKey != 0)
        {
            return byKey;
        }

        var bySource = string.CompareOrdinal(Source, other.Source);
        return bySource != 0 ? bySource : string.CompareOrdinal(Value, other.Value);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Source}:{Key}={Value}";
}
