using ClusterMesh.Datapath.Ebpf.Namespaces;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ClusterMesh.Datapath.Ebpf.Tests.Namespaces;

public sealed class EndpointInterfaceNamesTests
{
    [Fact]
    public void Host_side_name_is_lxc_and_sha256_prefix_as_sha256sum_prints_it()
    {
        // printf 'default/xwing' | sha256sum | cut -c1-11  →  848ac0b2cfe  (what eng/lib/topology.sh computes)
        Assert.Equal("lxc848ac0b2cfe", EndpointInterfaceNames.HostSide("default", "xwing"));
    }

    [Property]
    public Property Names_fit_ifnamsiz_and_differ_between_pods(NonEmptyString ns, NonEmptyString pod)
    {
        var name = EndpointInterfaceNames.HostSide(ns.Get, pod.Get);
        var other = EndpointInterfaceNames.HostSide(ns.Get, pod.Get + "x");
        return (name.Length == 14 && name.StartsWith("lxc", StringComparison.Ordinal)
                && name[3..].All(c => char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c))
                && name != other)
            .ToProperty();
    }
}
