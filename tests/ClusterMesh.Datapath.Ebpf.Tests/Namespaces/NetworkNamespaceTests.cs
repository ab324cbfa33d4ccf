using ClusterMesh.Datapath.Ebpf.Namespaces;
using ClusterMesh.Datapath.Ebpf.Netlink;
using ClusterMesh.Datapath.Ebpf.Tests.Privileged;

namespace ClusterMesh.Datapath.Ebpf.Tests.Namespaces;

public sealed class NetworkNamespaceTests
{
    private static string CurrentNetns() => File.ResolveLinkTarget("/proc/thread-self/ns/net", false)!.ToString();

    [RequiresRootFact]
    public void Created_namespace_is_visible_to_ip_netns_and_gone_after_delete()
    {
        using var sandbox = new NamespaceSandbox();
        var ns = sandbox.Create("a");

        Assert.True(NetworkNamespace.Exists(ns.Name));
        Assert.Contains(ns.Name, NetworkNamespace.List());
        Assert.Contains(ns.Name, NamespaceSandbox.Output("ip", "netns", "list"));
        Assert.Contains("lo", NamespaceSandbox.Output("ip", "-n", ns.Name, "link", "show"));

        ns.Dispose();
        Assert.True(NetworkNamespace.Delete(ns.Name));
        Assert.False(NetworkNamespace.Exists(ns.Name));
        Assert.False(NetworkNamespace.Delete(ns.Name));
    }

    [RequiresRootFact]
    public void Run_switches_a_dedicated_thread_and_leaves_the_callers_namespace_alone()
    {
        using var sandbox = new NamespaceSandbox();
        var ns = sandbox.Create("run");
        var before = CurrentNetns();

        var inside = ns.Run(CurrentNetns);

        Assert.NotEqual(before, inside);
        Assert.Equal(before, CurrentNetns());
        Assert.Equal(inside, ns.Run(CurrentNetns));
        using var reopened = NetworkNamespace.Open(ns.Name);
        Assert.Equal(inside, reopened.Run(CurrentNetns));
    }

    [RequiresRootFact]
    public void Creating_the_thread_namespace_does_not_move_the_caller()
    {
        var before = CurrentNetns();
        using var sandbox = new NamespaceSandbox();

        sandbox.Create("keep");

        Assert.Equal(before, CurrentNetns());
    }

    [RequiresRootFact]
    public void Run_rethrows_the_delegates_exception()
    {
        using var sandbox = new NamespaceSandbox();
        var ns = sandbox.Create("throw");

        var e = Assert.Throws<InvalidOperationException>(() => ns.Run(() => throw new InvalidOperationException("inside")));

        Assert.Equal("inside", e.Message);
    }

    [RequiresRootFact]
    public void Duplicate_and_missing_namespaces_fail_with_errno_and_name()
    {
        using var sandbox = new NamespaceSandbox();
        var ns = sandbox.Create("dup");

        var duplicate = Assert.Throws<NetlinkException>(() => NetworkNamespace.Create(ns.Name));
        var missing = Assert.Throws<NetlinkException>(() => NetworkNamespace.Open(sandbox.Prefix + "-none"));

        Assert.Equal(17, duplicate.Errno);
        Assert.Contains(ns.Name, duplicate.Message);
        Assert.Equal("ENOENT", missing.ErrnoName);
        Assert.True(NetworkNamespace.Exists(ns.Name)); // the failed create left the original alone
    }
}
