using ClusterMesh.Abstractions.Model;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ClusterMesh.Abstractions.Tests.Model;

public sealed class NumericIdentityTests
{
    [Fact]
    public void The_vector_identity_is_cluster_3_local_307()
    {
        var id = new NumericIdentity(196915);

        Assert.Equal(3, id.ClusterOf().Value);
        Assert.Equal(307u, id.LocalPart());
        Assert.Equal(id, NumericIdentity.Create(new ClusterId(3), 307));
        Assert.True(id.IsInRangeOf(new ClusterId(3)));
        Assert.False(id.IsInRangeOf(new ClusterId(2)));
    }

    [Fact]
    public void With_511_clusters_the_shift_is_15()
    {
        var id = NumericIdentity.Create(new ClusterId(300), 1000, MeshLimits.ExtendedMaxConnectedClusters);

        Assert.Equal((300u << 15) | 1000u, id.Value);
        Assert.Equal(300, id.ClusterOf(511).Value);
        Assert.Equal(1000u, id.LocalPart(511));
        Assert.Equal(16, MeshLimits.IdentityClusterShift(255));
        Assert.Equal(15, MeshLimits.IdentityClusterShift(511));
    }

    [Fact]
    public void A_clusters_range_starts_above_the_reserved_identities()
    {
        var (first, last) = NumericIdentity.RangeOf(new ClusterId(3));

        Assert.Equal((3u << 16) + 256, first.Value);
        Assert.Equal((4u << 16) - 1, last.Value);
        Assert.False(new NumericIdentity((3u << 16) + 255).IsInRangeOf(new ClusterId(3)));
        Assert.Equal((2u << 15) - 1, NumericIdentity.RangeOf(new ClusterId(1), 511).Last.Value);
    }

    [Fact]
    public void Local_part_must_fit_the_shift()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NumericIdentity.Create(new ClusterId(1), 1u << 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => NumericIdentity.Create(new ClusterId(1), 1u << 15, 511));
    }

    [Theory]
    [InlineData(1u, true)]
    [InlineData(2u, true)]
    [InlineData(8u, true)]
    [InlineData(255u, true)]
    [InlineData(0u, false)]
    [InlineData(256u, false)]
    [InlineData(65536u + 2, false)]
    public void Reserved_identities_are_1_to_255(uint value, bool reserved) =>
        Assert.Equal(reserved, new NumericIdentity(value).IsReserved);

    [Fact]
    public void Well_known_reserved_values()
    {
        Assert.Equal(1u, NumericIdentity.Host.Value);
        Assert.Equal(2u, NumericIdentity.World.Value);
        Assert.Equal(6u, NumericIdentity.RemoteNode.Value);
        Assert.Equal(0u, NumericIdentity.Unknown.Value);
    }

    [Property]
    public Property Compose_and_decompose_are_inverse() =>
        Prop.ForAll(
            Gen.Elements(255, 511).SelectMany(max => Gen.Choose(1, max).SelectMany(cluster =>
                Gen.Choose(0, (1 << MeshLimits.IdentityClusterShift(max)) - 1).Select(local => (max, cluster, local)))).ToArbitrary(),
            t =>
            {
                var id = NumericIdentity.Create(new ClusterId(t.cluster), (uint)t.local, t.max);
                return id.ClusterOf(t.max).Value == t.cluster && id.LocalPart(t.max) == (uint)t.local && id.Value <= NumericIdentity.MaxValue;
            });

    [Theory]
    [InlineData("196915", true, 196915u)]
    [InlineData("", false, 0u)]
    [InlineData("-1", false, 0u)]
    [InlineData("1e3", false, 0u)]
    public void Parses_decimal(string text, bool ok, uint value)
    {
        Assert.Equal(ok, NumericIdentity.TryParse(text, out var id));
        if (ok)
        {
            Assert.Equal(value, id.Value);
            Assert.Equal(text, id.ToString());
        }
    }
}
