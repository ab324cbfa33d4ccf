using ClusterMesh.Testing.Support;

namespace ClusterMesh.Agent.Tests.Run;

/// <summary>
/// A fact that needs etcd, etcdctl and openssl: skipped with a one-line reason when one is missing, except under
/// <c>CI=true</c>, where it runs (and fails) because CI must never skip it silently.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresEtcdFactAttribute : FactAttribute
{
    public RequiresEtcdFactAttribute()
    {
        Skip = CiRequirement.SkipReason(MissingTool is { } missing ? $"{missing} is not installed (./test.sh installs etcd-server, etcd-client and openssl)" : null);
    }

    private static string? MissingTool =>
        new[] { "etcd", "etcdctl", "openssl" }.FirstOrDefault(tool => !new[] { "/usr/bin", "/usr/local/bin", "/bin" }.Any(d => File.Exists(Path.Combine(d, tool))));
}
