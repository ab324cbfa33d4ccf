using ClusterMesh.Abstractions.Kvstore;

namespace ClusterMesh.Kvstore.Memory.History;

/// <summary>A reader's place in the event log; reads without the store lock, at the reader's own pace.</summary>
internal struct LogCursor(LogSegment segment, int offset)
{
    private LogSegment _segment = segment;
    private int _offset = offset;

    /// <summary>The absolute log position of the next event this cursor will read.</summary>
    public readonly long Position => _segment.FirstPosition + _offset;

    /// <summary>Reads the next published event; <c>false</c> when the reader has caught up with the writer.</summary>
    public bool TryRead(out KvEvent item)
    {
        while (true)
        {
            if (_offset < _segment.Count)
            {
                item = _segment[_offset++];
                return true;
            }

            if (_offset == _segment.Capacity && _segment.Next is { } next)
            {
                _segment = next;
                _offset = 0;
                continue;
            }

            item = default;
            return false;
        }
    }
}
