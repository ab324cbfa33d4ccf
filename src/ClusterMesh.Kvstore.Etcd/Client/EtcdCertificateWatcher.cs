using System.Security.Cryptography;
using ClusterMesh.Kvstore.Etcd.Config;
using Microsoft.Extensions.Logging;

namespace ClusterMesh.Kvstore.Etcd.Client;

/// <summary>
/// Polls the CA, certificate and key files of a TLS connection on the store's <see cref="TimeProvider"/> and,
/// when their bytes change, loads and validates them again and hands the new material over. Polling (rather than
/// a file system watcher) also sees Kubernetes secret volumes, which swap a symlink instead of writing the files.
/// A change that does not load (a half-written or mismatched pair) is logged with the file and field named,
/// never with its contents, and the current material stays until a later change loads.
/// </summary>
internal sealed class EtcdCertificateWatcher : IDisposable
{
    private readonly EtcdKvStoreOptions _options;
    private readonly Action<EtcdTlsMaterial> _reload;
    private readonly ILogger _logger;
    private readonly ITimer _timer;
    private readonly Lock _checking = new();
    private string _fingerprint;

    public EtcdCertificateWatcher(EtcdKvStoreOptions options, Action<EtcdTlsMaterial> reload, TimeProvider time, ILogger logger)
    {
        _options = options;
        _reload = reload;
        _logger = logger;
        _fingerprint = Fingerprint();
        var period = options.CertificateReloadInterval;
        _timer = time.CreateTimer(_ => Check(), null, period, period);
    }

    /// <summary>Whether reloading applies to <paramref name="options"/>.</summary>
    public static bool AppliesTo(EtcdKvStoreOptions options) =>
        options.UsesTls && options.CertificateReloadInterval > TimeSpan.Zero && options.CertificateReloadInterval != Timeout.InfiniteTimeSpan;

    /// <summary>Compares the files with the last load and reloads when they changed.</summary>
    public void Check()
    {
        if (!_checking.TryEnter())
        {
            return;
        }

        try
        {
            string now = Fingerprint();
            if (now == _fingerprint)
            {
                return;
            }

            _fingerprint = now;
            EtcdTlsMaterial? material;
            try
            {
                material = EtcdConfigValidator.LoadTls(_options);
            }
            catch (EtcdConfigurationException ex)
            {
                EtcdLog.CertificateReloadFailed(_logger, _options.Name ?? "etcd", ex.Message);
                return;
            }

            if (material is not null)
            {
                _reload(material);
                EtcdLog.CertificatesReloaded(_logger, _options.Name ?? "etcd", string.Join(", ", Files()));
            }
        }
        finally
        {
            _checking.Exit();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _timer.Dispose();

    private IEnumerable<string> Files() =>
        new[] { _options.TrustedCaFile, _options.CertFile, _options.KeyFile }.OfType<string>();

    /// <summary>A hash of every file's bytes (a missing or unreadable file counts as a value of its own).</summary>
    private string Fingerprint()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (string path in Files())
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(path));
            try
            {
                hash.AppendData(File.ReadAllBytes(path));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                hash.AppendData([0xff]);
            }
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
