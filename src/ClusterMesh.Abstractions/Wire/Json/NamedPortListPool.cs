using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Abstractions.Wire.Json;

/// <summary>
/// One shared, read-only list per distinct <c>NamedPorts</c> array: pods of one deployment carry identical named
/// ports, and without sharing every entry keeps its own list, array and ports alive (three objects per entry that
/// the GC copies between generations). Keyed by the array's raw UTF-8 as it stands in the document.
/// </summary>
/// <remarks>
/// The same raw bytes always decode to the same ports, so a hit skips parsing, and escapes in the raw text are
/// harmless: they only make another key for an equal list. A miss parses exactly as without the pool
/// (<see cref="NamedPortListConverter.ReadList"/>, same validation and errors) and pools the result only when it
/// holds no <c>null</c> port (which the codec rejects anyway). Pooled lists are <see cref="ReadOnlyCollection{T}"/>
/// over an array no one else sees, so a cast cannot change another entry's ports, and <see cref="NamedPort"/> has
/// only init members. When the pool is full the list is the unshared one the reader makes without it.
/// </remarks>
internal sealed class NamedPortListPool
{
    private readonly Utf8KeyedPool<IReadOnlyList<NamedPort>> _lists;

    /// <param name="capacity">Most distinct lists kept (about one per deployment with named ports).</param>
    /// <param name="maxArrayLength">Longest array text, in bytes, that is pooled; longer ones are read unshared.</param>
    public NamedPortListPool(int capacity = 4096, int maxArrayLength = 512) =>
        _lists = new Utf8KeyedPool<IReadOnlyList<NamedPort>>(capacity, maxArrayLength);

    /// <summary>The number of pooled lists.</summary>
    public int Count => _lists.Count;

    /// <summary>
    /// Reads the list at the current token (<c>null</c> or an array), as <see cref="NamedPortListConverter.ReadList"/>
    /// does, leaving the reader on the array's end.
    /// </summary>
    /// <param name="reader">A reader over <paramref name="utf8"/>, on the value's first token.</param>
    /// <param name="utf8">The whole document the reader reads (token positions index into it).</param>
    /// <param name="names">The pool of port names, for a miss.</param>
    public IReadOnlyList<NamedPort>? Read(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, Utf8StringPool? names)
    {
        if (reader.TokenType != JsonTokenType.StartArray || reader.HasValueSequence || !TryFindEnd(reader, out var end))
        {
            return NamedPortListConverter.ReadList(ref reader, names);
        }

        var raw = utf8[(int)reader.TokenStartIndex..(int)end.BytesConsumed];
        if (_lists.TryGet(raw, out var pooled))
        {
            reader = end;
            return pooled;
        }

        var ports = NamedPortListConverter.ReadList(ref reader, names)!;
        if (!_lists.CanAdd(raw) || ports.Contains(null!))
        {
            return ports;
        }

        return _lists.Add(raw, new ReadOnlyCollection<NamedPort>(ports.ToArray()));
    }

    /// <summary>The list pooled under the raw text of a whole array, if any.</summary>
    public bool TryGet(ReadOnlySpan<byte> rawArray, [NotNullWhen(true)] out IReadOnlyList<NamedPort>? list) => _lists.TryGet(rawArray, out list);

    /// <summary>A copy of <paramref name="reader"/> moved to the end of the array it is on, when the array is
    /// well-formed JSON; otherwise the caller reads it as without the pool, so the error is the reader's own.</summary>
    private static bool TryFindEnd(Utf8JsonReader reader, out Utf8JsonReader end)
    {
        try
        {
            reader.Skip();
            end = reader;
            return true;
        }
        catch (JsonException)
        {
            end = default;
            return false;
        }
    }
}
