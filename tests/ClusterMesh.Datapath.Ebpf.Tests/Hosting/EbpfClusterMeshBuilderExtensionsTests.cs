using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterMesh.Datapath.Ebpf.Tests.Hosting;

public sealed class EbpfClusterMeshBuilderExtensionsTests
{
    [Fact]
    public void UseEbpfDatapath_registers_the_datapath_as_the_idatapath_without_touching_the_kernel()
    {
        var builder = new Builder();

        builder.UseEbpfDatapath(EbpfClusterMeshBuilderExtensions.DefaultPinDirectory("node-1"));

        Assert.Contains(builder.Services, d => d.ServiceType == typeof(EbpfDatapath) && d.Lifetime == ServiceLifetime.Singleton);
        Assert.Contains(builder.Services, d => d.ServiceType == typeof(IDatapath) && d.Lifetime == ServiceLifetime.Singleton);
        Assert.Equal("/sys/fs/bpf/clustermesh/node-1", EbpfClusterMeshBuilderExtensions.DefaultPinDirectory("node-1"));
    }

    private sealed class Builder : IClusterMeshBuilder
    {
        public IServiceCollection Services { get; } = new ServiceCollection();
    }
}
