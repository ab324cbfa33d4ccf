using System.Text;
using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Kvstore.Etcd.Tests.Fixtures;

namespace ClusterMesh.Kvstore.Etcd.Tests.Security;

/// <summary>
/// Remote access as ClusterMesh does it: mutual TLS with a private CA and a user that may only read
/// <c>cilium/</c>, logged in by password or by its client certificate's common name.
/// </summary>
[RequiresEtcd]
public sealed class ReadOnlyTlsAccessTests(SecureEtcdFixture etcd) : IClassFixture<SecureEtcdFixture>, IAsyncLifetime
{
    private readonly string _prefix = $"cilium/test/{Guid.NewGuid():N}/";
    private EtcdKvStore _admin = null!;

    public static TheoryData<string> Readers => ["password", "certificate"];

    public Task InitializeAsync()
    {
        _admin = new EtcdKvStore(etcd.Options("root"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _admin.DeletePrefixAsync(_prefix);
        await _admin.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task A_read_only_user_reads_lists_and_watches_over_mutual_tls(string login)
    {
        long written = await _admin.PutAsync(_prefix + "a", V("1"));
        await using var reader = Reader(login);

        var entry = await reader.GetAsync(_prefix + "a");
        var page = await reader.ListAsync(_prefix);
        await using var watch = reader.WatchAsync(_prefix).GetAsyncEnumerator();
        Assert.True(await watch.MoveNextAsync());
        var listed = watch.Current;
        Assert.True(await watch.MoveNextAsync());
        var synced = watch.Current;
        long live = await _admin.PutAsync(_prefix + "b", V("2"));
        Assert.True(await watch.MoveNextAsync());

        Assert.Equal(("1", written), (Text(entry!.Value), entry.ModRevision));
        Assert.Equal([_prefix + "a"], page.Entries.Select(e => e.Key));
        Assert.Equal((KvEventKind.Upsert, _prefix + "a"), (listed.Kind, listed.Key));
        Assert.Equal(KvEventKind.Synced, synced.Kind);
        Assert.Equal((KvEventKind.Upsert, _prefix + "b", live), (watch.Current.Kind, watch.Current.Key, watch.Current.Revision));
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task Every_kind_of_write_by_a_read_only_user_fails_as_permission_denied(string login)
    {
        await _admin.PutAsync(_prefix + "a", V("1"));
        await using var reader = Reader(login);

        await Assert.ThrowsAsync<KvPermissionDeniedException>(() => reader.PutAsync(_prefix + "a", V("x")).AsTask());
        await Assert.ThrowsAsync<KvPermissionDeniedException>(() => reader.CreateAsync(_prefix + "new", V("x")).AsTask());
        await Assert.ThrowsAsync<KvPermissionDeniedException>(() => reader.CompareAndSwapAsync(_prefix + "a", 1, V("x")).AsTask());
        await Assert.ThrowsAsync<KvPermissionDeniedException>(() => reader.DeleteAsync(_prefix + "a").AsTask());
        await Assert.ThrowsAsync<KvPermissionDeniedException>(() => reader.DeletePrefixAsync(_prefix).AsTask());

        Assert.Equal("1", Text((await _admin.GetAsync(_prefix + "a"))!.Value));
    }

    [Fact]
    public async Task A_read_only_user_cannot_read_outside_its_prefix()
    {
        await using var reader = Reader("certificate");

        await Assert.ThrowsAsync<KvPermissionDeniedException>(() => reader.GetAsync("other/" + Guid.NewGuid()).AsTask());
    }

    [Fact]
    public async Task A_wrong_password_fails_as_permission_denied()
    {
        await using var reader = new EtcdKvStore(etcd.Options("wrong-password-client", SecureEtcdFixture.PasswordUser, "not-the-password"));

        await Assert.ThrowsAsync<KvPermissionDeniedException>(() => reader.GetAsync(_prefix + "a").AsTask());
    }

    [Fact]
    public async Task A_server_certificate_from_another_ca_is_refused()
    {
        using var otherCa = new EtcdServerTls();
        await using var client = new EtcdKvStore(etcd.Options("root") with { TrustedCaFile = otherCa.CaFile, OperationTimeout = TimeSpan.FromSeconds(2) });

        await Assert.ThrowsAsync<KvUnavailableException>(() => client.GetAsync(_prefix + "a").AsTask());
    }

    private EtcdKvStore Reader(string login) => new(login == "password"
        ? etcd.Options("password-login-client", SecureEtcdFixture.PasswordUser, SecureEtcdFixture.Password)
        : etcd.Options(SecureEtcdFixture.CertificateUser));

    private static byte[] V(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(ReadOnlyMemory<byte> value) => Encoding.UTF8.GetString(value.Span);
}
