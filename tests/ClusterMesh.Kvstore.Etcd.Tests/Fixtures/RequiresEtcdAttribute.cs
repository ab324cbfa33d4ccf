namespace ClusterMesh.Kvstore.Etcd.Tests.Fixtures;

/// <summary>Marks a test class that needs a real etcd (see <see cref="EtcdTestFramework"/> for skipping).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresEtcdAttribute : Attribute;
