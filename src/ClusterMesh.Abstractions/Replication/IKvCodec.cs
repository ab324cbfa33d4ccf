namespace ClusterMesh.Abstractions.Replication;

/// <summary>
/// Turns kvstore values into validated records and back. Decoding validates the value against its key and
/// against the cluster it came from; a value that fails throws <see cref="WireValidationException"/>.
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
public interface IKvCodec<T>
    where T : notnull
{
    /// <summary>Decodes and validates one value read under <paramref name="key"/>.</summary>
    /// <exception cref="WireValidationException">The value is malformed or does not belong under the key.</exception>
    T Decode(string key, ReadOnlySpan<byte> value);

    /// <summary>Encodes a record as the bytes Cilium would write.</summary>
    byte[] Encode(T value);

    /// <summary>The key a record is stored under.</summary>
    string KeyOf(T value);
}
