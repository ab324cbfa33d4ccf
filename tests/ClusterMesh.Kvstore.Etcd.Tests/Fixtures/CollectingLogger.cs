using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ClusterMesh.Kvstore.Etcd.Tests.Fixtures;

/// <summary>Keeps every formatted log line (with its exception), to check what a component says and never says.</summary>
internal sealed class CollectingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<(EventId Id, string Text)> _lines = new();

    public IReadOnlyList<(EventId Id, string Text)> Lines => _lines.ToList();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _lines.Enqueue((eventId, formatter(state, exception) + (exception is null ? string.Empty : " " + exception)));
}
