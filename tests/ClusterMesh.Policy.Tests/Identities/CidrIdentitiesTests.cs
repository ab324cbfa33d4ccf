using ClusterMesh.Abstractions.Model;
using ClusterMesh.Policy.Identities;

namespace ClusterMesh.Policy.Tests.Identities;

public sealed class CidrIdentitiesTests
{
    [Fact]
    public void A_prefix_keeps_its_local_identity_while_referenced_and_frees_it_after()
    {
        var identities = new CidrIdentities();
        var prefix = IpPrefix.Parse("10.0.0.0/8");

        var first = identities.Acquire(prefix);
        var again = identities.Acquire(prefix);
        var other = identities.Acquire(IpPrefix.Parse("192.168.0.0/16"));

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.True(CidrIdentities.IsLocal(first));
        Assert.False(identities.Release(prefix));
        Assert.True(identities.Release(prefix));
        Assert.False(identities.TryGet(prefix, out _));
        Assert.Equal("cidr:10.0.0.0/8=;reserved:world=;", CidrIdentities.LabelsOf(prefix).ToKvStoreForm());
    }
}
