using System.Text.Json;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Abstractions.Wire.Codecs;

namespace ClusterMesh.Abstractions.Tests.Support;

/// <summary>What one JSON reader made of a value: the record, or the reason a codec would reject it with.</summary>
public static class DecodeOutcome
{
    public static (T? Value, RejectReason? Reason, string Detail) Of<T>(Func<T?> read)
        where T : class
    {
        try
        {
            return (read(), null, "accepted");
        }
        catch (JsonException ex)
        {
            return (null, WireChecks.FromJson("k", ex).Reason, ex.Message);
        }
    }
}
