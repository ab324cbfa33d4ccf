using ClusterMesh.Abstractions.Kvstore;

namespace ClusterMesh.Kvstore.Memory.History;

/// <summary>
/// A fixed-size block of the event log. Only the writer (under the store lock) appends; readers read the published
/// prefix without a lock: an item is written before the count that covers it is published.
/// </summary>
internal sealed class LogSegment(long firstPosition, int capacity)
{
    private readonly KvEvent[] _items = new KvEvent[capacity];
    private int _count;
    private LogSegment? _next;

    public long FirstPosition { get; } = firstPosition;

    public int Capacity => _items.Length;

    public int Count => Volatile.Read(ref _count);

    public LogSegment? Next => Volatile.Read(ref _next);

    public bool IsFull => _count == _items.Length;

    public KvEvent this[int index] => _items[index];

    public void Append(in KvEvent item)
    {
        _items[_count] = item;
        Volatile.Write(ref _count, _count + 1);
    }

    public void Link(LogSegment next) => Volatile.Write(ref _next, next);
}
