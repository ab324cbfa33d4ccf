namespace ClusterMesh.Kvstore.Etcd.Config;

/// <summary>
/// An etcd connection configuration that cannot work (https without a CA, a missing file, a key that does not
/// match its certificate, ...). The message names the file and the field.
/// </summary>
public sealed class EtcdConfigurationException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public EtcdConfigurationException(string? sourcePath, string field, string problem, Exception? inner = null)
        : base($"{sourcePath ?? "etcd configuration"}: {field}: {problem}", inner)
    {
        SourcePath = sourcePath;
        Field = field;
    }

    /// <summary>The configuration file, when there is one.</summary>
    public string? SourcePath { get; }

    /// <summary>The field at fault (<c>endpoints</c>, <c>trusted-ca-file</c>, <c>cert-file</c>, <c>key-file</c>, ...).</summary>
    public string Field { get; }
}
