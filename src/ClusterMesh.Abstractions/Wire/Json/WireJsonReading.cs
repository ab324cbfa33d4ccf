using System.Net;
using System.Text.Json;

namespace ClusterMesh.Abstractions.Wire.Json;

/// <summary>
/// What the hand-written value readers (<see cref="IpCacheEntryJsonReader"/>, <see cref="NodeJsonReader"/>,
/// <see cref="ClusterServiceJsonReader"/>) share: the document frame and the token readers whose rules are those of
/// the generated metadata they stand in for.
/// </summary>
internal static class WireJsonReading
{
    /// <summary>Reads the members of an object whose start the reader is on.</summary>
    public delegate T ObjectReader<out T>(ref Utf8JsonReader reader, Utf8StringPool pool);

    /// <summary>Reads the members of an object whose start the reader is on; <paramref name="utf8"/> is the whole
    /// document, for a reader that keys a pool by a value's raw text (token positions index into it).</summary>
    public delegate T DocumentObjectReader<in TState, out T>(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, TState state);

    /// <summary>
    /// A whole value: JSON <c>null</c> (gives <c>null</c>) or one object read by <paramref name="readObject"/>, with
    /// nothing after it. The reader's own conversion failures (invalid UTF-8 in a string, bad base64) surface as a
    /// <see cref="JsonException"/>, as the serializer reports them, so a codec sees one kind of failure either way.
    /// </summary>
    public static T? ReadDocument<T>(ReadOnlySpan<byte> utf8, Utf8StringPool pool, ObjectReader<T> readObject)
        where T : class =>
        ReadDocument(utf8, (pool, readObject), static (ref Utf8JsonReader reader, ReadOnlySpan<byte> _, (Utf8StringPool Pool, ObjectReader<T> Read) state) =>
            state.Read(ref reader, state.Pool));

    /// <summary>As <see cref="ReadDocument{T}(ReadOnlySpan{byte}, Utf8StringPool, ObjectReader{T})"/>, for an object
    /// reader that needs the document itself and its own state.</summary>
    public static T? ReadDocument<TState, T>(ReadOnlySpan<byte> utf8, TState state, DocumentObjectReader<TState, T> readObject)
        where T : class
    {
        try
        {
            var reader = new Utf8JsonReader(utf8);
            reader.Read();
            T? value = null;
            if (reader.TokenType != JsonTokenType.Null)
            {
                Expect(reader, JsonTokenType.StartObject);
                value = readObject(ref reader, utf8, state);
            }

            if (reader.Read())
            {
                throw new JsonException($"unexpected {reader.TokenType} after the value");
            }

            return value;
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            throw new JsonException(e.Message, e);
        }
    }

    /// <summary>Throws unless the current token is <paramref name="type"/>.</summary>
    public static void Expect(in Utf8JsonReader reader, JsonTokenType type)
    {
        if (reader.TokenType != type)
        {
            throw new JsonException($"expected {type}, got {reader.TokenType}");
        }
    }

    /// <summary>The next value as a string: <c>null</c> for JSON <c>null</c>; pooled when <paramref name="pool"/> is given.</summary>
    public static string? ReadString(ref Utf8JsonReader reader, Utf8StringPool? pool)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.String => pool is null ? reader.GetString() : pool.Get(ref reader),
            _ => throw new JsonException($"expected a string, got {reader.TokenType}"),
        };
    }

    /// <summary>
    /// The next value as a string map, as the generated code builds it: a <see cref="Dictionary{TKey,TValue}"/> with
    /// the default comparer, a repeated key keeps its last value, a <c>null</c> value is kept, JSON <c>null</c> gives
    /// <c>null</c>. Keys and values are shared through the pools given, except the value under
    /// <paramref name="unpooledKey"/> (a key whose value differs on every record, which would only fill the pool).
    /// </summary>
    public static Dictionary<string, string>? ReadStringMap(ref Utf8JsonReader reader, Utf8StringPool? keys, Utf8StringPool? values,
        ReadOnlySpan<byte> unpooledKey = default)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(reader, JsonTokenType.StartObject);
        var map = new Dictionary<string, string>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var valuePool = values is not null && (unpooledKey.IsEmpty || !reader.ValueTextEquals(unpooledKey)) ? values : null;
            var key = keys is null ? reader.GetString()! : keys.Get(ref reader);
            map[key] = ReadString(ref reader, valuePool)!;
        }

        Expect(reader, JsonTokenType.EndObject);
        return map;
    }

    /// <summary>The next value as an address, as <see cref="GoIpAddressConverter"/> reads it: <c>""</c> and <c>null</c>
    /// give <c>null</c>; shared through <paramref name="pool"/> when given (the same value, possibly one instance).</summary>
    public static IPAddress? ReadAddress(ref Utf8JsonReader reader, Utf8AddressPool? pool = null)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.String => pool is null ? WireJsonText.ParseIpOrEmpty(ref reader) : pool.Get(ref reader),
            _ => throw new JsonException($"expected an IP address string, got {reader.TokenType}"),
        };
    }

    /// <summary>The next value as a signed 32-bit number (no strings, fractions or <c>null</c>), as the built-in converter reads it.</summary>
    public static int ReadInt32(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value)
            ? value
            : throw new JsonException($"expected a 32-bit integer, got {reader.TokenType}");
    }
}
