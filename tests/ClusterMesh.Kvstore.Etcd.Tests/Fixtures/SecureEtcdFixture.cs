using ClusterMesh.Testing.Support;

namespace ClusterMesh.Kvstore.Etcd.Tests.Fixtures;

/// <summary>
/// An etcd with mutual TLS (private CA, <c>--client-cert-auth</c>) and authentication turned on by
/// <c>eng/etcd-readonly-user.sh</c>: <c>reader</c> (password) and <c>reader-cn</c> (client certificate CN) may only
/// read <c>cilium/</c>; the CN=root client certificate is the admin.
/// </summary>
public sealed class SecureEtcdFixture : IAsyncLifetime
{
    public const string PasswordUser = "reader";
    public const string Password = "reader-secret";
    public const string CertificateUser = "reader-cn";

    private EtcdServer? _server;

    public EtcdServerTls Tls { get; } = new();

    public EtcdServer Server => _server ?? throw new InvalidOperationException(EtcdServer.MissingReason ?? "etcd did not start");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (EtcdServer.MissingReason is not null)
        {
            return;
        }

        _server = await EtcdServer.StartAsync(Tls);
        string script = Path.Combine(RepoPaths.Root, "eng", "etcd-readonly-user.sh");
        await RunScriptAsync(script, PasswordUser, Password);
        await RunScriptAsync(script, CertificateUser, "unused-with-certificates");
    }

    /// <summary>Options of a TLS client with the given client certificate and optional password login.</summary>
    public EtcdKvStoreOptions Options(string certificateName, string? user = null, string? password = null)
    {
        var (cert, key) = certificateName == "root" ? (Tls.RootCertFile, Tls.RootKeyFile) : Tls.Issue(certificateName);
        return new EtcdKvStoreOptions
        {
            Endpoints = [Server.Endpoint],
            TrustedCaFile = Tls.CaFile,
            CertFile = cert,
            KeyFile = key,
            Username = user,
            Password = password,
            Name = certificateName,
            ReadRetries = 0,
            OperationTimeout = TimeSpan.FromSeconds(5),
        };
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Tls.Dispose();
    }

    private async Task RunScriptAsync(string script, string user, string password)
    {
        var start = new System.Diagnostics.ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { script, Server.Endpoint, Tls.CaFile, Tls.RootCertFile, Tls.RootKeyFile, user, password })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        string output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed: {output}");
        }
    }
}
