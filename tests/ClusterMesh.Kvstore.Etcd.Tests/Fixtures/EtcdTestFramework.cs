using ClusterMesh.Testing.Support;
using Xunit.Abstractions;

[assembly: TestFramework("ClusterMesh.Kvstore.Etcd.Tests.Fixtures.EtcdTestFramework", "ClusterMesh.Kvstore.Etcd.Tests")]

namespace ClusterMesh.Kvstore.Etcd.Tests.Fixtures;

/// <summary>Skips <see cref="RequiresEtcdAttribute"/> classes outside CI when etcd is missing (see <see cref="RequirementTestFramework"/>).</summary>
public sealed class EtcdTestFramework(IMessageSink messageSink)
    : RequirementTestFramework(messageSink, typeof(RequiresEtcdAttribute), () => EtcdServer.MissingReason);
