using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;

namespace ClusterMesh.Kvstore.Memory.Hosting;

/// <summary>
/// The named memory stores of one process, so that an endpoint such as <c>memory://cluster2</c> names the same
/// store for every agent in the process. The registry owns its stores and disposes them with itself.
/// </summary>
public sealed class MemoryKvStoreRegistry : IAsyncDisposable
{
    /// <summary>The endpoint scheme that names a memory store: <c>memory://name</c>.</summary>
    public const string Scheme = "memory";

    private readonly ConcurrentDictionary<string, Lazy<MemoryKvStore>> _stores = new(StringComparer.OrdinalIgnoreCase);
    private readonly Action<string, MemoryKvStoreOptions>? _configure;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory? _loggerFactory;

    /// <summary>Creates an empty registry.</summary>
    /// <param name="timeProvider">The clock of every store it creates; <see cref="TimeProvider.System"/> when <c>null</c>.</param>
    /// <param name="loggerFactory">Loggers for the stores; none when <c>null</c>.</param>
    /// <param name="configure">Adjusts the options of each new store, given its name.</param>
    public MemoryKvStoreRegistry(TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, Action<string, MemoryKvStoreOptions>? configure = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
        _loggerFactory = loggerFactory;
        _configure = configure;
    }

    /// <summary>The names of the stores created so far.</summary>
    public IReadOnlyCollection<string> Names => [.. _stores.Keys];

    /// <summary>The store called <paramref name="name"/> (names ignore case), created empty on first use.</summary>
    public MemoryKvStore GetOrCreate(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return _stores.GetOrAdd(name, n => new Lazy<MemoryKvStore>(() => Create(n))).Value;
    }

    /// <summary>The store called <paramref name="name"/>, if it has been created.</summary>
    public bool TryGet(string name, [NotNullWhen(true)] out MemoryKvStore? store)
    {
        store = _stores.TryGetValue(name, out var lazy) ? lazy.Value : null;
        return store is not null;
    }

    /// <summary>The store an endpoint names (<c>memory://name</c>, or a bare name), created empty on first use.</summary>
    /// <exception cref="ArgumentException">The endpoint has another scheme or no name.</exception>
    public MemoryKvStore Resolve(string endpoint) => GetOrCreate(ParseName(endpoint));

    /// <summary>The store an endpoint names (<c>memory://name</c>), created empty on first use.</summary>
    public MemoryKvStore Resolve(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return Resolve(endpoint.OriginalString);
    }

    /// <summary>
    /// A client of the store an endpoint names, which the caller may dispose without stopping the shared store.
    /// </summary>
    /// <param name="endpoint"><c>memory://name</c> or a bare name.</param>
    /// <param name="readOnly">Whether writes fail with <see cref="Abstractions.Kvstore.KvPermissionDeniedException"/> (remote clusters).</param>
    public Abstractions.Kvstore.IKvStore Connect(string endpoint, bool readOnly = false) => Resolve(endpoint).CreateClient(readOnly);

    /// <summary>Whether <paramref name="endpoint"/> is a <c>memory://</c> endpoint.</summary>
    public static bool IsMemoryEndpoint(string endpoint)
        => endpoint is not null && endpoint.StartsWith(Scheme + "://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The store name in <c>memory://name</c> (a trailing slash is ignored), or a bare name as it is.</summary>
    public static string ParseName(string endpoint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(endpoint);
        string name = endpoint.Trim();
        if (name.Contains("://", StringComparison.Ordinal))
        {
            if (!IsMemoryEndpoint(name))
            {
                throw new ArgumentException($"'{endpoint}' is not a {Scheme}:// endpoint.", nameof(endpoint));
            }

            name = name[(Scheme.Length + 3)..].TrimEnd('/');
        }

        if (name.Length == 0 || name.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{endpoint}' does not name a memory store (expected {Scheme}://name).", nameof(endpoint));
        }

        return name;
    }

    /// <summary>Disposes every store created through this registry.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var lazy in _stores.Values)
        {
            if (lazy.IsValueCreated)
            {
                await lazy.Value.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private MemoryKvStore Create(string name)
    {
        var options = new MemoryKvStoreOptions();
        _configure?.Invoke(name, options);
        return new MemoryKvStore(name, options, _timeProvider, _loggerFactory?.CreateLogger<MemoryKvStore>());
    }
}
