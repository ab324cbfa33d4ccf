using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ClusterMesh.Kvstore.Etcd.Tests.Fixtures;

/// <summary>
/// A private CA with a server certificate for 127.0.0.1 and client certificates, written as PEM files into a
/// temporary directory (no openssl: <see cref="CertificateRequest"/>). Deleted on dispose.
/// </summary>
public sealed class EtcdServerTls : IDisposable
{
    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _ca = null!;

    public EtcdServerTls()
    {
        Directory = Path.Combine(Path.GetTempPath(), $"cm-etcd-tls-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
        try
        {
            var request = new CertificateRequest("CN=clustermesh-test-ca", _caKey, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            _ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddDays(30));
            CaFile = Path.Combine(Directory, "ca.crt");
            File.WriteAllText(CaFile, _ca.ExportCertificatePem());
            (ServerCertFile, ServerKeyFile) = Issue("server", server: true);
            (RootCertFile, RootKeyFile) = Issue("root");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The directory holding every file.</summary>
    public string Directory { get; }

    /// <summary>The CA certificate (PEM).</summary>
    public string CaFile { get; }

    /// <summary>The server certificate (SAN 127.0.0.1, localhost).</summary>
    public string ServerCertFile { get; }

    /// <summary>The server key.</summary>
    public string ServerKeyFile { get; }

    /// <summary>A client certificate with CN=root (etcd's root user once auth is on).</summary>
    public string RootCertFile { get; }

    /// <summary>The key of <see cref="RootCertFile"/>.</summary>
    public string RootKeyFile { get; }

    /// <summary>Issues a certificate signed by the CA; the common name is the etcd user for client certificates.</summary>
    public (string CertFile, string KeyFile) Issue(string commonName, bool server = false)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var usages = new OidCollection { new Oid("1.3.6.1.5.5.7.3.2") };
        if (server)
        {
            usages.Add(new Oid("1.3.6.1.5.5.7.3.1"));
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        byte[] serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7f;
        using var certificate = request.Create(_ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7), serial);
        string certFile = Path.Combine(Directory, $"{commonName}.crt");
        string keyFile = Path.Combine(Directory, $"{commonName}.key");
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return (certFile, keyFile);
    }

    /// <summary>The root client certificate with its key (for health checks).</summary>
    public X509Certificate2 LoadRootClientCertificate() => X509Certificate2.CreateFromPemFile(RootCertFile, RootKeyFile);

    /// <inheritdoc />
    public void Dispose()
    {
        _ca?.Dispose();
        _caKey.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
    }
}
