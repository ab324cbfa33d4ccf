using ClusterMesh.Datapath.Ebpf.Elf;
using ClusterMesh.Datapath.Ebpf.Maps;

namespace ClusterMesh.Datapath.Ebpf.Tests.Objects;

/// <summary>The C# map specs the writers use are exactly the ones the embedded object declares in BTF: C and C# cannot drift.</summary>
public sealed class MapSpecDriftTests
{
    [Fact]
    public void DatapathMapSpecs_equal_the_btf_parsed_specs_of_the_embedded_object()
    {
        var fromObject = DatapathObjects.LoadDatapath().Maps;

        Assert.Equal(fromObject.Keys.Order(StringComparer.Ordinal), DatapathMapSpecs.All.Select(s => s.Name).Order(StringComparer.Ordinal));
        foreach (var spec in DatapathMapSpecs.All)
        {
            Assert.Equal(fromObject[spec.Name], spec);
        }
    }
}
