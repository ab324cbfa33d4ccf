using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Replication.Common;

namespace ClusterMesh.Replication.Heartbeat;

/// <summary>The RFC 3339 text values of heartbeats and canaries.</summary>
internal sealed class TimestampCodec(string key) : IKvCodec<DateTimeOffset>
{
    public DateTimeOffset Decode(string key1, ReadOnlySpan<byte> value) =>
        Rfc3339.TryParse(value, out var time)
            ? time
            : throw new WireValidationException(key1, RejectReason.MalformedValue, "not an RFC 3339 timestamp");

    public byte[] Encode(DateTimeOffset value) => Rfc3339.FormatUtf8(value);

    public string KeyOf(DateTimeOffset value) => key;
}
