using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace ClusterMesh.Abstractions.Wire.Json;

/// <summary>
/// One shared string per distinct short value of a low-cardinality field (a namespace, a service account), so a
/// mirror of 250,000 entries keeps a few hundred strings rather than 250,000 copies. Lookups allocate nothing.
/// Bounded: once <c>capacity</c> values are pooled, new ones are returned unpooled, so a remote cluster that
/// writes many distinct values costs memory only for what it wrote, as without the pool. Thread-safe.
/// </summary>
internal sealed class Utf8StringPool
{
    private const int MaxLength = 128;

    private readonly ConcurrentDictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly int _capacity;
    private int _count;

    public Utf8StringPool(int capacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
        _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The number of pooled strings.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The current string token's value, shared when it was seen before.</summary>
    public string Get(ref Utf8JsonReader reader)
    {
        long utf8Length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (utf8Length > MaxLength)
        {
            return reader.GetString()!;
        }

        // Unescaped UTF-16 is never longer than the escaped UTF-8 it comes from.
        Span<char> chars = stackalloc char[MaxLength];
        return Get(chars[..reader.CopyString(chars)]);
    }

    /// <summary>The string of printable ASCII <paramref name="ascii"/>, shared when it was seen before.</summary>
    public string GetAscii(ReadOnlySpan<byte> ascii)
    {
        if (ascii.Length > MaxLength)
        {
            return Encoding.ASCII.GetString(ascii);
        }

        Span<char> chars = stackalloc char[ascii.Length];
        Ascii.ToUtf16(ascii, chars, out _);
        return Get(chars);
    }

    /// <summary>The string of <paramref name="text"/>, shared when it was seen before.</summary>
    public string Get(ReadOnlySpan<char> text)
    {
        if (text.Length > MaxLength)
        {
            return text.ToString();
        }

        if (_lookup.TryGetValue(text, out var pooled))
        {
            return pooled;
        }

        var value = new string(text);
        if (Volatile.Read(ref _count) < _capacity && _strings.TryAdd(value, value))
        {
            Interlocked.Increment(ref _count);
        }

        return value;
    }
}
