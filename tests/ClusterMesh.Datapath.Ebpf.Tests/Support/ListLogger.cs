using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ClusterMesh.Datapath.Ebpf.Tests.Support;

/// <summary>A logger that keeps what it is told, for assertions on logged events.</summary>
public sealed class ListLogger : ILogger
{
    private readonly ConcurrentQueue<(EventId Id, LogLevel Level, string Message)> _entries = new();

    public IReadOnlyList<(EventId Id, LogLevel Level, string Message)> Entries => [.. _entries];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        => _entries.Enqueue((eventId, logLevel, formatter(state, exception)));
}
