using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Datapath.Ebpf.Tests.Support;
using ClusterMesh.Testing.Datapath;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterMesh.Datapath.Ebpf.Tests.Maps;

/// <summary>The shared datapath contract, run against the kernel maps (each test in its own pin directory).</summary>
[RequiresBpf]
public sealed class EbpfDatapathContractTests : DatapathContractTests
{
    private readonly TempPinDirectory _pins = new();

    protected override IDatapath CreateDatapath() => EbpfDatapath.Open(_pins.Path, NullLogger.Instance);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _pins.Dispose();
        }
    }
}
