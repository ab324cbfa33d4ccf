using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Replication.Common;
using ClusterMesh.Replication.Remote;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterMesh.Replication.Mesh;

/// <summary>
/// Keeps one <see cref="RemoteCluster"/> per file of the clustermesh configuration directory: a new file adds a
/// cluster, a changed file reconnects it, a removed file removes it (its state is withdrawn). Files without
/// <c>endpoints:</c>, hidden files and the file named after the local cluster are ignored.
/// </summary>
public sealed class ClusterMeshManager : IAsyncDisposable
{
    private readonly ClusterMeshOptions _options;
    private readonly IKvStoreFactory _factory;
    private readonly Func<string, IReadOnlyList<RemoteKind>> _kindsFor;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly ClusterIdRegistry _ids = new();
    private readonly SemaphoreSlim _scan = new(1, 1);
    private readonly Dictionary<string, Entry> _clusters = new(StringComparer.Ordinal);
    private readonly AsyncSignal _filesChanged = new();
    private FileSystemWatcher? _watcher;
    private CancellationTokenSource? _stop;
    private Task? _watchLoop;

    /// <summary>Creates a manager; call <see cref="StartAsync"/>.</summary>
    /// <param name="options">The directory and the local cluster.</param>
    /// <param name="factory">Creates kvstore clients from configuration files.</param>
    /// <param name="kindsFor">What to mirror from a cluster (given its name) and which observers get it.</param>
    /// <param name="time">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="loggers">Where to log; nothing when null.</param>
    public ClusterMeshManager(ClusterMeshOptions options, IKvStoreFactory factory, Func<string, IReadOnlyList<RemoteKind>> kindsFor,
        TimeProvider? time = null, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(kindsFor);
        _options = options;
        _factory = factory;
        _kindsFor = kindsFor;
        _time = time ?? TimeProvider.System;
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger<ClusterMeshManager>();
    }

    /// <summary>The names of the remote clusters currently configured.</summary>
    public IReadOnlyList<string> ClusterNames
    {
        get
        {
            lock (_clusters)
            {
                return _clusters.Keys.Order(StringComparer.Ordinal).ToList();
            }
        }
    }

    /// <summary>Reads the directory once and, when configured, starts rescanning on file changes.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await RescanAsync(cancellationToken).ConfigureAwait(false);
        if (_options.WatchDirectory && _watchLoop is null && Directory.Exists(_options.ConfigDirectory))
        {
            _stop = new CancellationTokenSource();
            _watcher = new FileSystemWatcher(_options.ConfigDirectory) { IncludeSubdirectories = false };
            _watcher.Created += (_, _) => _filesChanged.Set();
            _watcher.Changed += (_, _) => _filesChanged.Set();
            _watcher.Deleted += (_, _) => _filesChanged.Set();
            _watcher.Renamed += (_, _) => _filesChanged.Set();
            _watcher.EnableRaisingEvents = true;
            var stop = _stop.Token;
            _watchLoop = Task.Run(() => RescanOnChangesAsync(stop), CancellationToken.None);
        }
    }

    /// <summary>Reads the directory and adds, reconnects or removes remote clusters to match it.</summary>
    public async Task RescanAsync(CancellationToken cancellationToken = default)
    {
        await _scan.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var wanted = ReadDirectory();
            foreach (var name in ClusterNames.Where(n => !wanted.ContainsKey(n)))
            {
                await RemoveAsync(name).ConfigureAwait(false);
            }

            foreach (var (name, file) in wanted)
            {
                await AddOrUpdateAsync(name, file).ConfigureAwait(false);
            }
        }
        finally
        {
            _scan.Release();
        }
    }

    /// <summary>The remote cluster called <paramref name="name"/>, or <c>null</c>.</summary>
    public RemoteCluster? GetCluster(string name)
    {
        lock (_clusters)
        {
            return _clusters.GetValueOrDefault(name)?.Cluster;
        }
    }

    /// <summary>The status of every remote cluster, by name.</summary>
    public IReadOnlyList<RemoteClusterStatus> GetStatus()
    {
        lock (_clusters)
        {
            return _clusters.Values.Select(e => e.Cluster.GetStatus()).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>Completes once every configured remote cluster is ready.</summary>
    public async Task WaitUntilReadyAsync(CancellationToken cancellationToken = default)
    {
        List<RemoteCluster> clusters;
        lock (_clusters)
        {
            clusters = _clusters.Values.Select(e => e.Cluster).ToList();
        }

        await Task.WhenAll(clusters.Select(c => c.WaitUntilReadyAsync(cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>Stops watching the directory and disconnects every cluster, keeping what observers were told.</summary>
    public async ValueTask DisposeAsync()
    {
        _watcher?.Dispose();
        if (_stop is not null && _watchLoop is not null)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await _watchLoop.ConfigureAwait(false);
            _stop.Dispose();
        }

        List<RemoteCluster> clusters;
        lock (_clusters)
        {
            clusters = _clusters.Values.Select(e => e.Cluster).ToList();
            _clusters.Clear();
        }

        foreach (var cluster in clusters)
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
        }
    }

    private Dictionary<string, (string Text, RemoteClusterConnectionConfig Config)> ReadDirectory()
    {
        var wanted = new Dictionary<string, (string, RemoteClusterConnectionConfig)>(StringComparer.Ordinal);
        if (!Directory.Exists(_options.ConfigDirectory))
        {
            return wanted;
        }

        foreach (var path in Directory.EnumerateFiles(_options.ConfigDirectory))
        {
            var name = Path.GetFileName(path);
            if (name.StartsWith('.') || name == _options.Cluster.LocalClusterName)
            {
                continue;
            }

            try
            {
                var text = File.ReadAllText(path);
                if (ClusterMeshConfigFile.Parse(name, text, path) is not { } config)
                {
                    MeshLog.NotAConfig(_logger, path);
                    continue;
                }

                if (ClusterName.Check(name) is { } problem)
                {
                    MeshLog.InvalidFile(_logger, path, problem);
                    continue;
                }

                wanted[name] = (text, config);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
            {
                MeshLog.InvalidFile(_logger, path, ex.Message);
            }
        }

        return wanted;
    }

    private async Task AddOrUpdateAsync(string name, (string Text, RemoteClusterConnectionConfig Config) file)
    {
        Entry? entry;
        lock (_clusters)
        {
            entry = _clusters.GetValueOrDefault(name);
        }

        var endpoints = string.Join(",", file.Config.Endpoints);
        if (entry is null)
        {
            MeshLog.Adding(_logger, name, endpoints);
            var cluster = new RemoteCluster(name, _options.Cluster, _kindsFor(name), _ids, _time, _loggers);
            entry = new Entry(cluster);
            lock (_clusters)
            {
                _clusters[name] = entry;
            }
        }
        else if (entry.Text == file.Text && entry.HasStore)
        {
            return;
        }
        else
        {
            MeshLog.Updating(_logger, name, endpoints);
        }

        entry.Text = file.Text;
        IKvStore store;
        try
        {
            store = _factory.Create(file.Config);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or IOException or InvalidOperationException or KvStoreException)
        {
            MeshLog.CreateFailed(_logger, name, ex.Message);
            entry.HasStore = false;
            entry.Cluster.ReportConnectFailure($"cannot create a kvstore client: {ex.Message}");
            return;
        }

        entry.HasStore = true;
        await entry.Cluster.ConnectAsync(store).ConfigureAwait(false);
    }

    private async Task RemoveAsync(string name)
    {
        Entry? entry;
        lock (_clusters)
        {
            _clusters.Remove(name, out entry);
        }

        if (entry is not null)
        {
            MeshLog.Removing(_logger, name);
            await entry.Cluster.RemoveAsync().ConfigureAwait(false);
            await entry.Cluster.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task RescanOnChangesAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _filesChanged.WaitAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
                await RescanAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                MeshLog.RescanFailed(_logger, _options.ConfigDirectory, ex.Message);
            }
        }
    }

    private sealed class Entry(RemoteCluster cluster)
    {
        public RemoteCluster Cluster { get; } = cluster;

        public string Text { get; set; } = string.Empty;

        public bool HasStore { get; set; }
    }
}
