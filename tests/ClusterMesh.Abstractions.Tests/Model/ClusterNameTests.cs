using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Abstractions.Tests.Model;

public sealed class ClusterNameTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("cluster3")]
    [InlineData("my-cluster-1")]
    [InlineData("0")]
    [InlineData("abcdefghijklmnopqrstuvwxyz012345")] // 32 characters
    public void Valid_names_parse(string value)
    {
        Assert.Null(ClusterName.Check(value));
        Assert.Equal(value, ClusterName.Parse(value).Value);
        Assert.True(ClusterName.TryParse(value, out var name));
        Assert.Equal(value, name.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456")] // 33 characters
    [InlineData("Cluster")]
    [InlineData("-cluster")]
    [InlineData("cluster-")]
    [InlineData("clus_ter")]
    [InlineData("clus.ter")]
    [InlineData("clüster")]
    public void Invalid_names_are_rejected_with_a_reason(string? value)
    {
        Assert.NotNull(ClusterName.Check(value));
        Assert.False(ClusterName.TryParse(value, out _));
        Assert.Throws<ArgumentException>(() => ClusterName.Parse(value!));
    }

    [Fact]
    public void Default_needs_cluster_id_zero()
    {
        Assert.Equal("default", ClusterName.Parse("default", ClusterId.None).Value);
        var error = Assert.Throws<ArgumentException>(() => ClusterName.Parse("default", new ClusterId(1)));
        Assert.Contains("non-zero", error.Message, StringComparison.Ordinal);
        Assert.Equal("cluster1", ClusterName.Parse("cluster1", new ClusterId(1)).Value);
    }

    [Fact]
    public void Names_order_ordinally() =>
        Assert.True(ClusterName.Parse("a-2").CompareTo(ClusterName.Parse("a2")) < 0);
}
