using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Abstractions.Tests.Model;

public sealed class ClusterIdTests
{
    [Theory]
    [InlineData(1, 255, true)]
    [InlineData(255, 255, true)]
    [InlineData(256, 255, false)]
    [InlineData(0, 255, false)]
    [InlineData(-1, 255, false)]
    [InlineData(256, 511, true)]
    [InlineData(511, 511, true)]
    [InlineData(512, 511, false)]
    [InlineData(0, 511, false)]
    public void Validity_depends_on_the_mesh_size(int id, int maxConnectedClusters, bool valid)
    {
        Assert.Equal(valid, new ClusterId(id).IsValidFor(maxConnectedClusters));
        if (valid)
        {
            Assert.Equal(id, ClusterId.Create(id, maxConnectedClusters).Value);
        }
        else
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => ClusterId.Create(id, maxConnectedClusters));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(127)]
    [InlineData(256)]
    [InlineData(1023)]
    public void Only_255_and_511_are_mesh_sizes(int maxConnectedClusters) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClusterId(1).IsValidFor(maxConnectedClusters));

    [Fact]
    public void None_is_zero_and_formats_as_decimal()
    {
        Assert.Equal(0, ClusterId.None.Value);
        Assert.Equal("42", new ClusterId(42).ToString());
    }
}
