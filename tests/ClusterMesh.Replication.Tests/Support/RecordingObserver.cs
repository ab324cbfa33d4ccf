using ClusterMesh.Abstractions.Replication;

namespace ClusterMesh.Replication.Tests.Support;

/// <summary>An observer that applies what it is told to a dictionary and remembers every call.</summary>
internal sealed class RecordingObserver<T> : IStoreObserver<T>
    where T : notnull
{
    private readonly object _lock = new();
    private readonly Dictionary<string, T> _state = new(StringComparer.Ordinal);
    private readonly List<string> _calls = [];

    public int Upserts { get; private set; }

    public int Deletes { get; private set; }

    public int SyncedCount { get; private set; }

    public bool Concurrent { get; private set; }

    private int _inside;

    public IReadOnlyDictionary<string, T> State
    {
        get
        {
            lock (_lock)
            {
                return new Dictionary<string, T>(_state, StringComparer.Ordinal);
            }
        }
    }

    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    public void OnUpsert(string key, T value) => Record(() =>
    {
        _state[key] = value;
        Upserts++;
        _calls.Add($"upsert {key}");
    });

    public void OnDelete(string key, T lastValue) => Record(() =>
    {
        Assert.True(_state.Remove(key, out var known), $"delete of unknown key {key}");
        Assert.Equal(known, lastValue);
        Deletes++;
        _calls.Add($"delete {key}");
    });

    public void OnSynced() => Record(() =>
    {
        SyncedCount++;
        _calls.Add("synced");
    });

    private void Record(Action apply)
    {
        Concurrent |= Interlocked.Increment(ref _inside) > 1;
        lock (_lock)
        {
            apply();
        }

        Interlocked.Decrement(ref _inside);
    }
}
