namespace ClusterMesh.Abstractions.Keys;

/// <summary>The heartbeat key, <c>cilium/.heartbeat</c> (an RFC 3339 time refreshed by the kvstore's owner).</summary>
public readonly record struct HeartbeatKey : IKvKey<HeartbeatKey>
{
    /// <summary>The one heartbeat key.</summary>
    public static HeartbeatKey Instance => default;

    /// <inheritdoc />
    public static bool TryParse(string? key, out HeartbeatKey result)
    {
        result = default;
        return key == KvKeys.Heartbeat;
    }

    /// <inheritdoc />
    public static HeartbeatKey Parse(string key) => TryParse(key, out var result) ? result : throw KeyText.NotA("heartbeat", key);

    /// <summary>The exact kvstore key.</summary>
    public override string ToString() => KvKeys.Heartbeat;
}
