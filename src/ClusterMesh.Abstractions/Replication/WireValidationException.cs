namespace ClusterMesh.Abstractions.Replication;

/// <summary>Why a kvstore value was rejected; each reason has its own counter.</summary>
public enum RejectReason
{
    /// <summary>Not valid JSON (or not the expected text form).</summary>
    MalformedValue,

    /// <summary>The JSON has a field the wire format does not define.</summary>
    UnknownField,

    /// <summary>The value is larger than the configured limit.</summary>
    Oversized,

    /// <summary>The key does not have the shape of its prefix.</summary>
    MalformedKey,

    /// <summary>The key and the value disagree (cluster, namespace, name, address).</summary>
    KeyMismatch,

    /// <summary>The value names a cluster other than the one it was read from.</summary>
    ForeignCluster,

    /// <summary>The cluster ID is invalid or not the source cluster's.</summary>
    InvalidClusterId,

    /// <summary>An identity outside the source cluster's identity range.</summary>
    IdentityOutOfRange,

    /// <summary>A required field is empty or a field does not parse (address, port, name).</summary>
    InvalidField,
}

/// <summary>A kvstore value was rejected; carries the key and the reason.</summary>
public sealed class WireValidationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WireValidationException(string key, RejectReason reason, string detail, Exception? inner = null)
        : base($"rejected '{key}': {reason}: {detail}", inner)
    {
        Key = key;
        Reason = reason;
        Detail = detail;
    }

    /// <summary>The rejected key.</summary>
    public string Key { get; }

    /// <summary>Why it was rejected.</summary>
    public RejectReason Reason { get; }

    /// <summary>What exactly was wrong.</summary>
    public string Detail { get; }
}
