using System.Text;
using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Kvstore.Etcd.Tests.Fixtures;
using ClusterMesh.Testing.Support;

namespace ClusterMesh.Kvstore.Etcd.Tests.Security;

/// <summary>
/// Certificates reloaded when their files change, without a restart: with authentication on, the client
/// certificate's CN is the etcd user, so swapping the files from a read-only user's certificate to a writer's
/// turns a write that was denied into one that succeeds, through the same store instance.
/// </summary>
[RequiresEtcd]
public sealed class CertificateReloadTests(SecureEtcdFixture etcd) : IClassFixture<SecureEtcdFixture>, IDisposable
{
    private const string Writer = "writer-cn";
    private readonly string _dir = Directory.CreateTempSubdirectory("cm-etcd-reload-").FullName;

    [Fact]
    public async Task Swapping_the_client_certificate_files_switches_the_etcd_user_of_the_same_store()
    {
        await GrantWriterAsync();
        var (certFile, keyFile) = Install(SecureEtcdFixture.CertificateUser);
        var logger = new CollectingLogger<EtcdKvStore>();
        await using var store = new EtcdKvStore(Options(certFile, keyFile), logger);
        string key = $"cilium/reload/{Guid.NewGuid():N}";
        await Assert.ThrowsAsync<KvPermissionDeniedException>(() => store.PutAsync(key, V("1")).AsTask());

        var (writerCert, writerKey) = etcd.Tls.Issue(Writer);
        Replace(keyFile, writerKey);
        Replace(certFile, writerCert);
        long written = await EventuallyAsync(() => store.PutAsync(key, V("2")).AsTask());

        Assert.True(written > 0);
        Assert.True(store.CertificateReloads >= 1);
        Assert.Equal("2", Encoding.UTF8.GetString((await store.GetAsync(key))!.Value.Span));
        Assert.Contains(logger.Lines, l => l.Id.Id == 3105 && l.Text.Contains(certFile, StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Lines, l => l.Text.Contains("PRIVATE KEY", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_changed_key_that_does_not_load_is_logged_by_path_only_and_the_current_certificate_stays()
    {
        var (certFile, keyFile) = Install(SecureEtcdFixture.CertificateUser);
        var logger = new CollectingLogger<EtcdKvStore>();
        await using var store = new EtcdKvStore(Options(certFile, keyFile), logger);
        await store.GetAsync("cilium/reload/none");

        string secret = Convert.ToBase64String(Encoding.ASCII.GetBytes("not-a-key-but-secret-material-0123456789"));
        File.WriteAllText(keyFile, $"-----BEGIN PRIVATE KEY-----\n{secret}\n-----END PRIVATE KEY-----\n");
        await Poll.UntilAsync(() => logger.Lines.Any(l => l.Id.Id == 3106), "the failed reload is logged");

        Assert.Null(await store.GetAsync("cilium/reload/none"));
        Assert.Equal(0, store.CertificateReloads);
        var failure = logger.Lines.First(l => l.Id.Id == 3106).Text;
        Assert.Contains(keyFile, failure, StringComparison.Ordinal);
        Assert.DoesNotContain(logger.Lines, l => l.Text.Contains(secret, StringComparison.Ordinal) || l.Text.Contains("PRIVATE KEY", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private EtcdKvStoreOptions Options(string certFile, string keyFile) => etcd.Options("root") with
    {
        CertFile = certFile,
        KeyFile = keyFile,
        Name = "reloading",
        CertificateReloadInterval = TimeSpan.FromMilliseconds(100),
        OperationTimeout = TimeSpan.FromSeconds(2),
    };

    /// <summary>Copies a certificate and key issued for <paramref name="user"/> to files the store watches.</summary>
    private (string CertFile, string KeyFile) Install(string user)
    {
        var (cert, key) = etcd.Tls.Issue(user);
        string certFile = Path.Combine(_dir, "client.crt");
        string keyFile = Path.Combine(_dir, "client.key");
        File.Copy(cert, certFile, overwrite: true);
        File.Copy(key, keyFile, overwrite: true);
        return (certFile, keyFile);
    }

    /// <summary>Replaces a file in one step, as a secret volume update does.</summary>
    private void Replace(string target, string source)
    {
        string temporary = Path.Combine(_dir, $".{Guid.NewGuid():N}");
        File.Copy(source, temporary);
        File.Move(temporary, target, overwrite: true);
    }

    private async Task GrantWriterAsync()
    {
        foreach (var command in new[]
        {
            new[] { "role", "add", "writer-rw" },
            ["role", "grant-permission", "writer-rw", "--prefix=true", "readwrite", "cilium/"],
            ["user", "add", Writer, "--new-user-password=unused-with-certificates"],
            ["user", "grant-role", Writer, "writer-rw"],
        })
        {
            try
            {
                await etcd.Server.EtcdCtlAsync(command);
            }
            catch (InvalidOperationException ex) when (ex.Message.Contains("already exists", StringComparison.Ordinal))
            {
                // Granted by an earlier test of this class.
            }
        }
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (KvStoreException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    private static byte[] V(string text) => Encoding.UTF8.GetBytes(text);
}
