using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Abstractions.Wire;

namespace ClusterMesh.Replication.Heartbeat;

/// <summary>The RFC 3339 text values of heartbeats and canaries.</summary>
internal sealed class TimestampCodec(string key) : IKvCodec<DateTimeOffset>
{
    public DateTimeOffset Decode(string key1, ReadOnlySpan<byte> value) => KvText.DecodeTimestamp(key1, value);

    public byte[] Encode(DateTimeOffset value) => KvText.EncodeTimestamp(value);

    public string KeyOf(DateTimeOffset value) => key;
}
