using ClusterMesh.Kvstore.Etcd.Config;
using ClusterMesh.Kvstore.Etcd.Tests.Fixtures;

namespace ClusterMesh.Kvstore.Etcd.Tests.Config;

/// <summary>Cilium's per-cluster etcd config files: parsing, and every inconsistency named by file and field.</summary>
public sealed class EtcdConfigFileTests : IDisposable
{
    private readonly EtcdServerTls _tls = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("cm-etcd-config-").FullName;

    [Fact]
    public void Cilium_generated_file_parses_into_its_fields()
    {
        // What Cilium's Helm chart writes to /var/lib/cilium/clustermesh/cluster2 (shared/reference/cilium-kvstore).
        const string Yaml = "endpoints:\n- https://cluster2.mesh.cilium.io:2379\ntrusted-ca-file: /var/lib/cilium/clustermesh/common-etcd-client-ca.crt\n"
            + "key-file: /var/lib/cilium/clustermesh/common-etcd-client.key\ncert-file: /var/lib/cilium/clustermesh/common-etcd-client.crt\n";

        var config = EtcdConfigFile.Parse("cluster2", Yaml, "/var/lib/cilium/clustermesh/cluster2");

        Assert.Equal(["https://cluster2.mesh.cilium.io:2379"], config.Endpoints);
        Assert.Equal("/var/lib/cilium/clustermesh/common-etcd-client-ca.crt", config.TrustedCaFile);
        Assert.Equal("/var/lib/cilium/clustermesh/common-etcd-client.crt", config.CertFile);
        Assert.Equal("/var/lib/cilium/clustermesh/common-etcd-client.key", config.KeyFile);
        Assert.Equal(("cluster2", (string?)null, (string?)null), (config.ClusterName, config.Username, config.Password));
    }

    [Fact]
    public void A_complete_mtls_file_with_password_loads()
    {
        var (cert, key) = _tls.Issue("client");
        string path = Write("cluster2", $"endpoints:\n- https://127.0.0.1:2379\ntrusted-ca-file: {_tls.CaFile}\ncert-file: {cert}\nkey-file: {key}\nusername: reader\npassword: secret\n");

        var options = EtcdConfigFile.Load(path);

        Assert.Equal(("cluster2", "reader", "secret", path), (options.Name, options.Username, options.Password, options.SourcePath));
    }

    [Fact]
    public void A_plain_http_file_loads_without_tls_files()
    {
        var options = EtcdConfigFile.Load(Write("cluster3", "endpoints:\n- http://127.0.0.1:2379\n"));

        Assert.Equal(["http://127.0.0.1:2379"], options.Endpoints);
    }

    [Fact]
    public void Https_without_trusted_ca_file_is_rejected() =>
        AssertRejected("trusted-ca-file", "endpoints:\n- https://127.0.0.1:2379\n");

    [Fact]
    public void A_missing_ca_file_is_rejected() =>
        AssertRejected("trusted-ca-file", $"endpoints:\n- https://127.0.0.1:2379\ntrusted-ca-file: {_dir}/nope.crt\n");

    [Fact]
    public void A_missing_key_file_is_rejected()
    {
        var (cert, _) = _tls.Issue("client");
        AssertRejected("key-file", $"endpoints:\n- https://127.0.0.1:2379\ntrusted-ca-file: {_tls.CaFile}\ncert-file: {cert}\nkey-file: {_dir}/nope.key\n");
    }

    [Fact]
    public void A_cert_without_key_is_rejected()
    {
        var (cert, _) = _tls.Issue("client");
        AssertRejected("key-file", $"endpoints:\n- https://127.0.0.1:2379\ntrusted-ca-file: {_tls.CaFile}\ncert-file: {cert}\n");
    }

    [Fact]
    public void A_key_without_cert_is_rejected()
    {
        var (_, key) = _tls.Issue("client");
        AssertRejected("cert-file", $"endpoints:\n- https://127.0.0.1:2379\ntrusted-ca-file: {_tls.CaFile}\nkey-file: {key}\n");
    }

    [Fact]
    public void A_key_that_does_not_match_the_certificate_is_rejected_without_showing_the_key()
    {
        var (cert, _) = _tls.Issue("client");
        var (_, otherKey) = _tls.Issue("other");

        var error = AssertRejected("key-file", $"endpoints:\n- https://127.0.0.1:2379\ntrusted-ca-file: {_tls.CaFile}\ncert-file: {cert}\nkey-file: {otherKey}\n");

        string keyBody = File.ReadAllLines(otherKey)[1];
        Assert.DoesNotContain(keyBody, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_file_with_broken_pem_is_rejected_naming_the_path_and_not_the_contents()
    {
        var (cert, _) = _tls.Issue("client");
        string body = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes("secret-looking-bytes-that-are-no-key-0123456789"));
        string badKey = Path.Combine(_dir, "bad.key");
        File.WriteAllText(badKey, $"-----BEGIN PRIVATE KEY-----\n{body}\n-----END PRIVATE KEY-----\n");

        var error = AssertRejected("key-file", $"endpoints:\n- https://127.0.0.1:2379\ntrusted-ca-file: {_tls.CaFile}\ncert-file: {cert}\nkey-file: {badKey}\n");

        Assert.Contains(badKey, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(body, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_ca_file_without_certificates_is_rejected()
    {
        string empty = Path.Combine(_dir, "empty.crt");
        File.WriteAllText(empty, "not a certificate\n");
        AssertRejected("trusted-ca-file", $"endpoints:\n- https://127.0.0.1:2379\ntrusted-ca-file: {empty}\n");
    }

    [Fact]
    public void Tls_files_with_http_endpoints_are_rejected() =>
        AssertRejected("endpoints", $"endpoints:\n- http://127.0.0.1:2379\ntrusted-ca-file: {_tls.CaFile}\n");

    [Fact]
    public void Mixed_http_and_https_endpoints_are_rejected() =>
        AssertRejected("endpoints", $"endpoints:\n- https://127.0.0.1:2379\n- http://127.0.0.1:2380\ntrusted-ca-file: {_tls.CaFile}\n");

    [Fact]
    public void A_password_without_username_is_rejected() =>
        AssertRejected("username", "endpoints:\n- http://127.0.0.1:2379\npassword: secret\n");

    [Fact]
    public void A_file_without_endpoints_is_rejected() =>
        AssertRejected("endpoints", "trusted-ca-file: /x\n");

    [Fact]
    public void The_factory_rejects_a_broken_config_as_an_argument_exception()
    {
        var factory = new Hosting.EtcdKvStoreFactory();
        var config = new Abstractions.Kvstore.RemoteClusterConnectionConfig { ClusterName = "c", Endpoints = ["https://127.0.0.1:1"], SourcePath = "/etc/c" };

        var error = Assert.IsAssignableFrom<ArgumentException>(Assert.Throws<EtcdConfigurationException>(() => factory.Create(config)));

        Assert.StartsWith("/etc/c: trusted-ca-file:", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _tls.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private EtcdConfigurationException AssertRejected(string field, string yaml)
    {
        string path = Write("cluster9", yaml);
        var error = Assert.Throws<EtcdConfigurationException>(() => EtcdConfigFile.Load(path));
        Assert.Equal((path, field), (error.SourcePath, error.Field));
        Assert.StartsWith($"{path}: {field}: ", error.Message, StringComparison.Ordinal);
        return error;
    }

    private string Write(string name, string yaml)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, yaml);
        return path;
    }
}
