using ClusterMesh.Testing.Support;
using Xunit.Abstractions;

[assembly: TestFramework("ClusterMesh.Datapath.Ebpf.Tests.Support.PrivilegedTestFramework", "ClusterMesh.Datapath.Ebpf.Tests")]

namespace ClusterMesh.Datapath.Ebpf.Tests.Support;

/// <summary>Skips <see cref="RequiresBpfAttribute"/> classes outside CI when not privileged (see <see cref="RequirementTestFramework"/>).</summary>
public sealed class PrivilegedTestFramework(IMessageSink messageSink)
    : RequirementTestFramework(messageSink, typeof(RequiresBpfAttribute), () => RequiresBpfAttribute.MissingReason);
