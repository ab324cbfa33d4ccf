using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ClusterMesh.Kvstore.Etcd.Tests.Fixtures;

/// <summary>A logger factory keeping every line with its time and category, printed by a test only when it fails
/// (a fault test's log says which component waited on what).</summary>
internal sealed class TimestampedLog : ILoggerFactory
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToList();

    public void Add(string line) => _lines.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");

    /// <summary>Runs <paramref name="test"/>; when it fails, writes every line to <paramref name="output"/> first.</summary>
    public async Task PrintOnFailureAsync(ITestOutputHelper output, Func<Task> test)
    {
        try
        {
            await test();
        }
        catch
        {
            foreach (var line in Lines)
            {
                output.WriteLine(line);
            }

            throw;
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName[(categoryName.LastIndexOf('.') + 1)..]);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    private sealed class Logger(TimestampedLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log.Add($"{category} {logLevel}: {formatter(state, exception)}{(exception is null ? string.Empty : " [" + exception.GetType().Name + ": " + exception.Message + "]")}");
    }
}
