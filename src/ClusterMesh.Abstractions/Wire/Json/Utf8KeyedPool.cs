using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace ClusterMesh.Abstractions.Wire.Json;

/// <summary>
/// One shared value per distinct UTF-8 text: what <see cref="Utf8AddressPool"/> and <see cref="NamedPortListPool"/>
/// build on. Lookups allocate nothing. Bounded twice: keys longer than <see cref="MaxKeyLength"/> are never pooled,
/// and once <see cref="Capacity"/> values are pooled no more are added, so a remote cluster that writes many
/// distinct values cannot grow it without limit. Thread-safe; the bound holds under concurrent adds too.
/// </summary>
/// <typeparam name="T">The pooled value; callers pool only values nobody mutates.</typeparam>
internal sealed class Utf8KeyedPool<T>
    where T : class
{
    private readonly ConcurrentDictionary<byte[], T> _values = new(Utf8KeyComparer.Instance);
    private readonly ConcurrentDictionary<byte[], T>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private int _count;

    public Utf8KeyedPool(int capacity, int maxKeyLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        ArgumentOutOfRangeException.ThrowIfNegative(maxKeyLength);
        Capacity = capacity;
        MaxKeyLength = maxKeyLength;
        _lookup = _values.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>The most values the pool holds.</summary>
    public int Capacity { get; }

    /// <summary>The longest key (in bytes) the pool holds.</summary>
    public int MaxKeyLength { get; }

    /// <summary>The number of pooled values (exact: takes the dictionary's locks, so for diagnostics and tests).</summary>
    public int Count => _values.Count;

    /// <summary>Whether a value under <paramref name="key"/> could still be added (a hint: another thread may fill
    /// the pool first). Lets a caller skip building a shareable copy that would not be kept.</summary>
    public bool CanAdd(ReadOnlySpan<byte> key) => key.Length <= MaxKeyLength && Volatile.Read(ref _count) < Capacity;

    /// <summary>The value pooled under <paramref name="key"/>, if any.</summary>
    public bool TryGet(ReadOnlySpan<byte> key, [MaybeNullWhen(false)] out T value)
    {
        if (key.Length > MaxKeyLength)
        {
            value = null;
            return false;
        }

        return _lookup.TryGetValue(key, out value);
    }

    /// <summary>
    /// Pools <paramref name="value"/> under <paramref name="key"/> when there is room, and returns the pooled
    /// value: the one given, or the one another thread added first (both decode the same text, so they are equal),
    /// or <paramref name="value"/> itself, unpooled, when the pool is full or the key too long.
    /// </summary>
    public T Add(ReadOnlySpan<byte> key, T value)
    {
        if (!CanAdd(key))
        {
            return value;
        }

        // Reserve a slot before adding, so concurrent adds cannot overshoot the capacity.
        if (Interlocked.Increment(ref _count) > Capacity)
        {
            Interlocked.Decrement(ref _count);
            return value;
        }

        if (_lookup.TryAdd(key, value))
        {
            return value;
        }

        Interlocked.Decrement(ref _count);
        return _lookup.TryGetValue(key, out var pooled) ? pooled : value;
    }
}
