using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Replication;

namespace ClusterMesh.Abstractions.Wire.Codecs;

/// <summary>
/// The decode pipeline every JSON value shares: size, key shape, key-level checks, source-generated
/// deserialization straight from the UTF-8 bytes, then the value's own checks.
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
/// <typeparam name="TKey">Its key type.</typeparam>
internal abstract class JsonKvCodec<T, TKey>(WireValidationContext context, JsonTypeInfo<T> typeInfo) : IKvCodec<T>
    where T : class
    where TKey : struct, IKvKey<TKey>
{
    protected WireValidationContext Context { get; } = context ?? throw new ArgumentNullException(nameof(context));

    public T Decode(string key, ReadOnlySpan<byte> value)
    {
        ArgumentNullException.ThrowIfNull(key);
        WireChecks.Size(key, value, Context);
        if (!TKey.TryParse(key, out var parsedKey))
        {
            throw WireChecks.Fail(key, RejectReason.MalformedKey, $"not a {typeof(T).Name} key");
        }

        CheckKey(key, parsedKey);
        T? decoded;
        try
        {
            decoded = Deserialize(value, key, parsedKey);
        }
        catch (JsonException e)
        {
            throw WireChecks.FromJson(key, e);
        }

        if (decoded is null)
        {
            throw WireChecks.Fail(key, RejectReason.MalformedValue, "value is JSON null");
        }

        return Check(key, parsedKey, decoded);
    }

    public byte[] Encode(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
    }

    public string KeyOf(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return KeyFor(value).ToString();
    }

    /// <summary>The record in <paramref name="utf8"/>, or <c>null</c> for JSON <c>null</c>; the generated metadata
    /// unless a codec reads its hot record by hand (with the same rules).</summary>
    protected virtual T? Deserialize(ReadOnlySpan<byte> utf8) => JsonSerializer.Deserialize(utf8, typeInfo);

    /// <summary><see cref="Deserialize(ReadOnlySpan{byte})"/> for a codec that reuses what the key already holds.</summary>
    protected virtual T? Deserialize(ReadOnlySpan<byte> utf8, string key, TKey parsedKey) => Deserialize(utf8);

    /// <summary>The typed key a record is stored under.</summary>
    public abstract TKey KeyFor(T value);

    /// <summary>Checks that need only the key (run before the value is parsed).</summary>
    protected abstract void CheckKey(string key, TKey parsedKey);

    /// <summary>Checks the value against the key and the context; may return a normalized value.</summary>
    protected abstract T Check(string key, TKey parsedKey, T value);
}
