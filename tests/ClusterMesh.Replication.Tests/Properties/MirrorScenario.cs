using ClusterMesh.Replication.Remote;
using ClusterMesh.Replication.Tests.Support;

namespace ClusterMesh.Replication.Tests.Properties;

/// <summary>
/// Runs one generated history against a real memory kvstore (the remote) and a remote cluster mirroring it.
/// The model is the remote's node set; while the connection is down, remote changes wait until it is back
/// (the memory store refuses every client during an outage), so they reach the mirror only by resuming,
/// relisting after compaction, or through a restart's republication.
/// </summary>
internal sealed class MirrorScenario : IAsyncDisposable
{
    private readonly RemotePublisher _remote = new("c2");
    private readonly RemoteClusterHarness _local = new();
    private readonly Dictionary<string, int> _model = new(StringComparer.Ordinal);
    private readonly List<MirrorOperation> _pending = [];
    private RemoteCluster? _cluster;
    private bool _online = true;
    private IReadOnlyDictionary<string, Item>? _frozen;
    private int _frozenDeletes;

    public static async Task<bool> RunAsync(IReadOnlyList<MirrorOperation> history)
    {
        await using var scenario = new MirrorScenario();
        await scenario.StartAsync();
        foreach (var operation in history)
        {
            await scenario.ApplyAsync(operation);
            scenario.AssertNothingChangesWhileOffline();
        }

        await scenario.ApplyAsync(new MirrorOperation(MirrorStep.GoOnline, 0, 0));
        await scenario.ConvergedAsync();
        Assert.False(scenario._local.Nodes.Concurrent);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        await _remote.DisposeAsync();
    }

    private async Task StartAsync()
    {
        await _remote.PublishConfigAsync(2);
        await _remote.CanariesAsync();
        _cluster = _local.Create("c2");
        await _cluster.ConnectAsync(_remote.Client());
        await ConvergedAsync();
    }

    private async Task ApplyAsync(MirrorOperation operation)
    {
        switch (operation.Step)
        {
            case MirrorStep.GoOffline when _online:
                await ConvergedAsync();
                _frozen = _local.Nodes.State;
                _frozenDeletes = _local.Nodes.Deletes;
                _remote.Store.GoOffline();
                _online = false;
                break;
            case MirrorStep.GoOnline when !_online:
                _remote.Store.GoOnline();
                _online = true;
                foreach (var pending in _pending)
                {
                    await ApplyOnlineAsync(pending);
                }

                _pending.Clear();
                break;
            case MirrorStep.GoOffline or MirrorStep.GoOnline:
                break;
            default:
                if (_online)
                {
                    await ApplyOnlineAsync(operation);
                }
                else
                {
                    _pending.Add(operation);
                }

                break;
        }
    }

    private async Task ApplyOnlineAsync(MirrorOperation operation)
    {
        switch (operation.Step)
        {
            case MirrorStep.Upsert:
                _model[operation.Name] = operation.Value;
                await _remote.PutAsync(RemotePublisher.Nodes, operation.Name, operation.Value);
                break;
            case MirrorStep.Delete:
                _model.Remove(operation.Name);
                await _remote.DeleteAsync(RemotePublisher.Nodes, operation.Name);
                break;
            case MirrorStep.Compact:
                await _remote.Store.CompactAsync(_remote.Store.Revision);
                break;
            case MirrorStep.Restart:
                await RestartAsync();
                break;
        }
    }

    /// <summary>The remote kvstore restarts empty and its writer republishes the same state: the mirror must
    /// keep everything meanwhile and, once the canaries are back, have nothing to delete.</summary>
    private async Task RestartAsync()
    {
        var synced = _pending.Count == 0;
        if (synced)
        {
            await ConvergedAsync();
        }

        var deletes = _local.Nodes.Deletes;
        await _remote.RestartAsync(2);
        if (synced)
        {
            // The mirror notices the empty store and waits for the writer's canary, keeping what it has.
            await Eventually.TrueAsync(() => _cluster!.GetStatus().Kinds.All(k => k.WaitingForCanary), "the mirror waits for the canaries");
            Assert.Equal(deletes, _local.Nodes.Deletes);
        }

        foreach (var (name, value) in _model)
        {
            await _remote.PutAsync(RemotePublisher.Nodes, name, value);
        }

        await _remote.CanariesAsync();
        if (synced)
        {
            // Only meaningful when the mirror was in sync before: then the republished state is what it holds.
            await ConvergedAsync();
            Assert.Equal(deletes, _local.Nodes.Deletes);
        }
    }

    private void AssertNothingChangesWhileOffline()
    {
        if (_online)
        {
            return;
        }

        Assert.Equal(_frozenDeletes, _local.Nodes.Deletes);
        Assert.Equal(_frozen!.OrderBy(e => e.Key), _local.Nodes.State.OrderBy(e => e.Key));
    }

    private Task ConvergedAsync() => Eventually.TrueAsync(Matches, "the mirror equals the remote state");

    private bool Matches()
    {
        var mirror = _local.Nodes.State;
        return mirror.Count == _model.Count
            && _model.All(m => mirror.TryGetValue($"{RemotePublisher.Nodes}/c2/{m.Key}", out var item) && item.Value == m.Value);
    }
}
