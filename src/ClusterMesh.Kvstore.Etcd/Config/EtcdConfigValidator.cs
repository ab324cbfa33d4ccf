using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ClusterMesh.Kvstore.Etcd.Config;

/// <summary>
/// Checks an <see cref="EtcdKvStoreOptions"/> before any connection is attempted and loads its TLS material,
/// so that a broken configuration fails at load with the file and field named rather than at the first call.
/// Messages never contain key material.
/// </summary>
internal static class EtcdConfigValidator
{
    /// <summary>Validates <paramref name="options"/>; throws on the first problem.</summary>
    public static void Validate(EtcdKvStoreOptions options) => LoadTls(options)?.Dispose();

    /// <summary>Validates <paramref name="options"/> and loads its TLS material (<c>null</c> for http endpoints).</summary>
    /// <exception cref="EtcdConfigurationException">The configuration cannot work.</exception>
    public static EtcdTlsMaterial? LoadTls(EtcdKvStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string? source = options.SourcePath;
        ValidateEndpoints(options, source);
        ValidateCredentials(options, source);
        if (options.KeepAliveTime < TimeSpan.FromSeconds(1) || options.KeepAliveTimeout < TimeSpan.FromSeconds(1))
        {
            // HTTP/2 keep-alive pings cannot be more frequent or more impatient than that.
            throw new EtcdConfigurationException(source, "keep-alive", "KeepAliveTime and KeepAliveTimeout must be at least 1 second");
        }

        if (options.CertFile is null != options.KeyFile is null)
        {
            throw options.CertFile is null
                ? new EtcdConfigurationException(source, "cert-file", "is missing while key-file is set")
                : new EtcdConfigurationException(source, "key-file", "is missing while cert-file is set");
        }

        if (!options.UsesTls)
        {
            if (options.TrustedCaFile is not null || options.CertFile is not null)
            {
                throw new EtcdConfigurationException(source, "endpoints", "TLS files are set but the endpoints are not https://");
            }

            return null;
        }

        if (options.TrustedCaFile is null)
        {
            throw new EtcdConfigurationException(source, "trusted-ca-file", "is required for https:// endpoints");
        }

        var roots = LoadCaBundle(source, options.TrustedCaFile);
        X509Certificate2? client = options.CertFile is null ? null : LoadClientCertificate(source, options.CertFile, options.KeyFile!);
        return new EtcdTlsMaterial(roots, client);
    }

    private static void ValidateEndpoints(EtcdKvStoreOptions options, string? source)
    {
        if (options.Endpoints.Count == 0)
        {
            throw new EtcdConfigurationException(source, "endpoints", "must list at least one endpoint");
        }

        foreach (string endpoint in options.Endpoints)
        {
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new EtcdConfigurationException(source, "endpoints", $"'{endpoint}' is not an http:// or https:// URL");
            }

            if (uri.Scheme == Uri.UriSchemeHttps != options.UsesTls)
            {
                throw new EtcdConfigurationException(source, "endpoints", "mixes http:// and https:// endpoints");
            }
        }
    }

    private static void ValidateCredentials(EtcdKvStoreOptions options, string? source)
    {
        if (options.Password is not null && options.Username is null)
        {
            throw new EtcdConfigurationException(source, "username", "is missing while password is set");
        }

        if (options.Username is not null && options.Password is null)
        {
            throw new EtcdConfigurationException(source, "password", "is missing while username is set");
        }
    }

    private static X509Certificate2Collection LoadCaBundle(string? source, string path)
    {
        string pem = ReadFile(source, "trusted-ca-file", path);
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPem(pem);
        }
        catch (CryptographicException ex)
        {
            throw new EtcdConfigurationException(source, "trusted-ca-file", $"{path} is not a PEM certificate bundle", ex);
        }

        return roots.Count > 0
            ? roots
            : throw new EtcdConfigurationException(source, "trusted-ca-file", $"{path} holds no certificate");
    }

    private static X509Certificate2 LoadClientCertificate(string? source, string certPath, string keyPath)
    {
        string certPem = ReadFile(source, "cert-file", certPath);
        string keyPem = ReadFile(source, "key-file", keyPath);
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(certPem);
        }
        catch (CryptographicException ex)
        {
            throw new EtcdConfigurationException(source, "cert-file", $"{certPath} is not a PEM certificate", ex);
        }

        using (certificate)
        {
            try
            {
                return X509Certificate2.CreateFromPem(certPem, keyPem);
            }
            catch (CryptographicException ex)
            {
                // Deliberately no key text in the message: only what is wrong and where.
                throw new EtcdConfigurationException(source, "key-file", $"{keyPath} is not a private key matching {certPath}", ex);
            }
            catch (ArgumentException ex)
            {
                throw new EtcdConfigurationException(source, "key-file", $"{keyPath} holds no usable private key", ex);
            }
        }
    }

    private static string ReadFile(string? source, string field, string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            string problem = ex is FileNotFoundException or DirectoryNotFoundException ? "does not exist" : "cannot be read";
            throw new EtcdConfigurationException(source, field, $"{path} {problem}", ex);
        }
    }
}
