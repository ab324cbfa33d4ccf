namespace ClusterMesh.Services.Model;

/// <summary>A service's namespace and name; a global service is the same name in every cluster.</summary>
/// <param name="Namespace">The namespace.</param>
/// <param name="Name">The service name.</param>
public readonly record struct ServiceName(string Namespace, string Name) : IComparable<ServiceName>
{
    /// <inheritdoc />
    public int CompareTo(ServiceName other)
    {
        var byNamespace = string.CompareOrdinal(Namespace, other.Namespace);
        return byNamespace != 0 ? byNamespace : string.CompareOrdinal(Name, other.Name);
    }

    /// <summary><c>namespace/name</c>, also the key of merged services.</summary>
    public override string ToString() => $"{Namespace}/{Name}";
}
