using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ClusterMesh.Kvstore.Etcd.Config;

/// <summary>The loaded CA bundle and client certificate of a TLS connection, and the server check they imply.</summary>
internal sealed class EtcdTlsMaterial(X509Certificate2Collection roots, X509Certificate2? clientCertificate) : IDisposable
{
    /// <summary>The client certificate with its key, when mutual TLS is configured.</summary>
    public X509Certificate2? ClientCertificate { get; } = clientCertificate;

    /// <summary>Configures a TLS handshake: client certificate, and a server chain that must end in the private CA.</summary>
    public void Configure(SslClientAuthenticationOptions ssl)
    {
        if (ClientCertificate is not null)
        {
            ssl.ClientCertificates = [ClientCertificate];
        }

        ssl.RemoteCertificateValidationCallback = (_, certificate, _, errors) => IsTrusted(certificate, errors);
    }

    /// <summary>Whether a server certificate chains to the configured roots and names the host.</summary>
    internal bool IsTrusted(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var server = new X509Certificate2(certificate);
        return chain.Build(server);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        ClientCertificate?.Dispose();
        foreach (var root in roots)
        {
            root.Dispose();
        }
    }
}
