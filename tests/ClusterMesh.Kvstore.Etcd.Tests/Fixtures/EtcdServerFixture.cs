namespace ClusterMesh.Kvstore.Etcd.Tests.Fixtures;

/// <summary>One plaintext etcd shared by the tests of a class.</summary>
public sealed class EtcdServerFixture : IAsyncLifetime
{
    private EtcdServer? _server;

    /// <summary>The running server.</summary>
    public EtcdServer Server => _server ?? throw new InvalidOperationException(EtcdServer.MissingReason ?? "etcd did not start");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (EtcdServer.MissingReason is null)
        {
            _server = await EtcdServer.StartAsync();
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
