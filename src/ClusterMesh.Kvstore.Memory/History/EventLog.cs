using ClusterMesh.Abstractions.Kvstore;

namespace ClusterMesh.Kvstore.Memory.History;

/// <summary>
/// The append-only history of every change, in revision order. Writers append under the store lock; each watcher
/// reads through its own <see cref="LogCursor"/>, so a slow watcher costs memory (until compaction), never writer
/// time. Compaction drops whole segments from the front; cursors still holding them keep them alive.
/// </summary>
internal sealed class EventLog
{
    private readonly int _segmentSize;
    private readonly List<LogSegment> _segments = [];
    private int _headOffset;

    public EventLog(int segmentSize)
    {
        _segmentSize = segmentSize;
        _segments.Add(new LogSegment(0, segmentSize));
    }

    private LogSegment Tail => _segments[^1];

    /// <summary>Position of the oldest retained event.</summary>
    public long HeadPosition => _segments[0].FirstPosition + _headOffset;

    /// <summary>Position the next appended event will get.</summary>
    public long TailPosition => Tail.FirstPosition + Tail.Count;

    public long RetainedCount => TailPosition - HeadPosition;

    public void Append(in KvEvent item)
    {
        var tail = Tail;
        if (tail.IsFull)
        {
            var next = new LogSegment(tail.FirstPosition + tail.Capacity, _segmentSize);
            _segments.Add(next);
            tail.Link(next);
            tail = next;
        }

        tail.Append(item);
    }

    /// <summary>A cursor that will read only events appended from now on.</summary>
    public LogCursor CursorAtTail() => new(Tail, Tail.Count);

    /// <summary>A cursor at the first retained event whose revision is at least <paramref name="revision"/>.</summary>
    public LogCursor CursorAtRevision(long revision)
    {
        long position = FirstPositionAtOrAfter(revision);
        var segment = SegmentOf(position);
        return new LogCursor(segment, (int)(position - segment.FirstPosition));
    }

    /// <summary>The revision of the event at <paramref name="position"/> (which must be retained).</summary>
    public long RevisionAt(long position)
    {
        var segment = SegmentOf(position);
        return segment[(int)(position - segment.FirstPosition)].Revision;
    }

    /// <summary>
    /// Drops every event below <paramref name="revision"/> and returns the keys those events touched, so their
    /// key histories can be compacted too.
    /// </summary>
    public HashSet<string> DropBelow(long revision)
    {
        var touched = new HashSet<string>(StringComparer.Ordinal);
        long end = FirstPositionAtOrAfter(revision);
        var cursor = new LogCursor(_segments[0], _headOffset);
        while (cursor.Position < end && cursor.TryRead(out var item))
        {
            touched.Add(item.Key);
        }

        var headSegment = SegmentOf(end);
        int dropped = _segments.IndexOf(headSegment);
        _segments.RemoveRange(0, dropped);
        _headOffset = (int)(end - headSegment.FirstPosition);
        return touched;
    }

    private LogSegment SegmentOf(long position)
    {
        long first = _segments[0].FirstPosition;
        int index = (int)((position - first) / _segmentSize);
        return index < _segments.Count ? _segments[index] : Tail;
    }

    private long FirstPositionAtOrAfter(long revision)
    {
        long low = HeadPosition;
        long high = TailPosition;
        while (low < high)
        {
            long middle = low + ((high - low) / 2);
            if (RevisionAt(middle) < revision)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
