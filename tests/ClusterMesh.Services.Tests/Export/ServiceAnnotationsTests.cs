using ClusterMesh.Services.Export;
using ClusterMesh.Services.Model;

namespace ClusterMesh.Services.Tests.Export;

public sealed class ServiceAnnotationsTests
{
    [Theory]
    [InlineData("local", ServiceAffinity.Local)]
    [InlineData("Remote", ServiceAffinity.Remote)]
    [InlineData("none", ServiceAffinity.None)]
    [InlineData("NONE", ServiceAffinity.None)]
    [InlineData("", ServiceAffinity.None)]
    [InlineData("bogus", ServiceAffinity.None)]
    public void Affinity_values(string value, ServiceAffinity expected) => Assert.Equal(expected, ServiceAnnotations.ParseAffinity(value));

    [Fact]
    public void Old_names_work_and_the_new_name_wins()
    {
        var old = ServiceAnnotations.Read(new Dictionary<string, string>
        {
            [ServiceAnnotations.LegacyGlobal] = "true",
            [ServiceAnnotations.LegacyShared] = "false",
            [ServiceAnnotations.LegacyAffinity] = "remote",
        });
        var both = ServiceAnnotations.Read(new Dictionary<string, string>
        {
            [ServiceAnnotations.LegacyGlobal] = "false",
            [ServiceAnnotations.Global] = "true",
            [ServiceAnnotations.LegacyAffinity] = "remote",
            [ServiceAnnotations.Affinity] = "local",
        });

        Assert.Equal(new ServiceSharing(true, false, ServiceAffinity.Remote), old);
        Assert.Equal(new ServiceSharing(true, true, ServiceAffinity.Local), both);
    }

    [Fact]
    public void Shared_and_affinity_mean_nothing_without_global()
    {
        var sharing = ServiceAnnotations.Read(new Dictionary<string, string> { [ServiceAnnotations.Shared] = "true", [ServiceAnnotations.Affinity] = "local" });

        Assert.Equal(new ServiceSharing(false, false, ServiceAffinity.None), sharing);
    }
}
