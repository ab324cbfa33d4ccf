namespace ClusterMesh.Abstractions.Keys;

/// <summary>The key of a node: <c>cilium/state/nodes/v1/&lt;cluster&gt;/&lt;name&gt;</c>.</summary>
public readonly record struct NodeKey : IKvKey<NodeKey>
{
    /// <summary>Creates the key; both parts must be non-empty and free of '/'.</summary>
    public NodeKey(string cluster, string name)
    {
        Cluster = KeyText.Segment(cluster, nameof(cluster));
        Name = KeyText.Segment(name, nameof(name));
    }

    /// <summary>The cluster the node belongs to.</summary>
    public string Cluster { get; }

    /// <summary>The node name.</summary>
    public string Name { get; }

    /// <inheritdoc />
    public static bool TryParse(string? key, out NodeKey result)
    {
        result = default;
        Span<string?> parts = new string?[2];
        if (!KeyText.TryStrip(key, KvKeys.NodesPrefix, out var rest) || !KeyText.TrySplit(rest, parts))
        {
            return false;
        }

        result = new NodeKey(parts[0]!, parts[1]!);
        return true;
    }

    /// <inheritdoc />
    public static NodeKey Parse(string key) => TryParse(key, out var result) ? result : throw KeyText.NotA("node", key);

    /// <summary>The exact kvstore key.</summary>
    public override string ToString() => KvKeys.Node(Cluster, Name);
}
