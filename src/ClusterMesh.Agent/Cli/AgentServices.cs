using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Kvstore.Etcd.Hosting;
using ClusterMesh.Kvstore.Memory;
using ClusterMesh.Kvstore.Memory.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace ClusterMesh.Agent.Cli;

/// <summary>What the commands need from outside: where kvstores come from and where logs go.</summary>
/// <param name="Stores">Creates kvstore clients for remote clusters.</param>
/// <param name="Loggers">Log sink (warnings and errors to stderr by default).</param>
/// <param name="Memory">The in-process stores <c>memory://</c> endpoints name (local ones included, for <c>run</c>).</param>
internal sealed record AgentServices(IKvStoreFactory Stores, ILoggerFactory Loggers, MemoryKvStoreRegistry Memory)
{
    public static AgentServices Default { get; } = Create(ConsoleLoggers(LogLevel.Warning));

    /// <summary>Memory stores for <c>memory://</c> endpoints, etcd for the others.</summary>
    public static AgentServices Create(ILoggerFactory loggers, MemoryKvStoreRegistry? registry = null)
    {
        registry ??= new MemoryKvStoreRegistry();
        return new(new SchemeKvStoreFactory(new MemoryKvStoreFactory(registry), new EtcdKvStoreFactory(loggers)), loggers, registry);
    }

    /// <summary>A console logger factory writing to stderr, so that stdout stays clean for <c>-o json</c>.</summary>
    public static ILoggerFactory ConsoleLoggers(LogLevel minimum) => LoggerFactory.Create(b =>
    {
        b.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = minimum < LogLevel.Warning ? "HH:mm:ss.fff " : null;
        }).SetMinimumLevel(minimum);
        b.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    });
}
