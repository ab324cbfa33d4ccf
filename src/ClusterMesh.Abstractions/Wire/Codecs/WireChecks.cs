using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Abstractions.Wire.Json;
using ClusterMesh.Abstractions.Wire.Text;

namespace ClusterMesh.Abstractions.Wire.Codecs;

/// <summary>The checks codecs share; each throws <see cref="WireValidationException"/> with its reason.</summary>
internal static class WireChecks
{
    public static WireValidationException Fail(string key, RejectReason reason, string detail) => new(key, reason, detail);

    public static void Size(string key, ReadOnlySpan<byte> value, WireValidationContext context)
    {
        if (value.Length > context.MaxValueBytes)
        {
            throw Fail(key, RejectReason.Oversized, $"value has {value.Length} bytes, the limit is {context.MaxValueBytes}");
        }
    }

    public static void Required(string key, string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw Fail(key, RejectReason.InvalidField, $"{field} is empty");
        }
    }

    /// <summary>The cluster named by a key or a value must be the cluster the kvstore belongs to.</summary>
    public static void SourceCluster(string key, string cluster, WireValidationContext context, string what)
    {
        if (!string.Equals(cluster, context.SourceCluster.Value, StringComparison.Ordinal))
        {
            throw Fail(key, RejectReason.ForeignCluster, $"{what} names cluster '{cluster}', but the kvstore belongs to '{context.SourceCluster}'");
        }
    }

    public static void ClusterId(string key, long clusterId, WireValidationContext context)
    {
        if (clusterId != context.SourceClusterId.Value)
        {
            throw Fail(key, RejectReason.InvalidClusterId, $"cluster ID {clusterId} is not the source cluster's ({context.SourceClusterId})");
        }
    }

    public static void Matches(string key, string fromValue, string fromKey, string field)
    {
        if (!string.Equals(fromValue, fromKey, StringComparison.Ordinal))
        {
            throw Fail(key, RejectReason.KeyMismatch, $"{field} '{fromValue}' does not match the key's '{fromKey}'");
        }
    }

    public static void Address(string key, string text, string field)
    {
        if (!GoIp.TryParse(text, out _))
        {
            throw Fail(key, RejectReason.InvalidField, $"{field} '{text}' is not an IP address");
        }
    }

    public static void IdentityInRange(string key, NumericIdentity id, WireValidationContext context, bool allowReserved)
    {
        if ((allowReserved && id.IsReserved) || id.IsInRangeOf(context.SourceClusterId, context.MaxConnectedClusters))
        {
            return;
        }

        var (first, last) = NumericIdentity.RangeOf(context.SourceClusterId, context.MaxConnectedClusters);
        throw Fail(key, RejectReason.IdentityOutOfRange,
            $"identity {id} is outside cluster {context.SourceClusterId}'s range {first}..{last}{(allowReserved ? " and not reserved" : string.Empty)}");
    }

    /// <summary>Maps a serializer failure to its reject reason.</summary>
    public static WireValidationException FromJson(string key, System.Text.Json.JsonException exception)
    {
        var reason = exception switch
        {
            WireJsonException wire => wire.Reason,

            // System.Text.Json has no distinct type for JsonUnmappedMemberHandling.Disallow failures; its message
            // is the only signal. A test pins this down, so a runtime that rewords it fails loudly.
            _ when exception.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal) => RejectReason.UnknownField,
            _ => RejectReason.MalformedValue,
        };
        var at = exception.Path is { Length: > 0 } path ? $" (at {path})" : string.Empty;
        return new WireValidationException(key, reason, exception.Message + at, exception);
    }
}
