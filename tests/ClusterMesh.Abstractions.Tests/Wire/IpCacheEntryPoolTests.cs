using System.Net;
using System.Text;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Tests.Support;
using ClusterMesh.Abstractions.Wire.Json;

namespace ClusterMesh.Abstractions.Tests.Wire;

/// <summary>
/// The ipcache reader's host-address and named-port pools: equal text shares one instance, everything else decodes
/// as without them (escapes, values beyond the length limit, a full pool, bad input), and the bounds hold.
/// </summary>
public sealed class IpCacheEntryPoolTests
{
    private const string Http = "[{\"Name\":\"http\",\"Port\":8080,\"Protocol\":\"TCP\"},{\"Name\":\"dns\",\"Port\":53,\"Protocol\":\"UDP\"}]";

    [Theory]
    [InlineData("172.18.0.2")]
    [InlineData("fd00:10:244::d812")]
    public void Entries_with_the_same_host_text_share_one_address(string host)
    {
        var pools = IpCacheEntryPools.Create();
        var first = Read(Entry("10.0.0.1", $"\"{host}\""), pools);
        var second = Read(Entry("10.0.0.2", $"\"{host}\""), pools);

        Assert.Same(first.HostIP, second.HostIP);
        Assert.Equal(IPAddress.Parse(host), first.HostIP);
        if (first.HostIP!.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            Assert.Equal(0L, first.HostIP.ScopeId);
        }

        Assert.Equal(1, pools.HostAddresses!.Count);
    }

    [Theory]
    [InlineData("\"172.18.0.\\u0032\"", "172.18.0.2")]
    [InlineData("\"::ffff:172.18.0.2\"", "172.18.0.2")]
    [InlineData("\"\"", null)]
    [InlineData("null", null)]
    public void Host_text_that_is_escaped_mapped_or_empty_decodes_as_unpooled(string hostJson, string? expected)
    {
        var pools = IpCacheEntryPools.Create();
        for (var i = 0; i < 2; i++)
        {
            var entry = Read(Entry("10.0.0.1", hostJson), pools);
            Assert.Equal(expected is null ? null : IPAddress.Parse(expected), entry.HostIP);
            Assert.Equal(Read(Entry("10.0.0.1", hostJson), Unpooled()).HostIP, entry.HostIP);
        }

        // Escaped, empty and null text is never a key; mapped text is (it is plain), under its own spelling.
        Assert.Equal(hostJson.StartsWith("\"::", StringComparison.Ordinal) ? 1 : 0, pools.HostAddresses!.Count);
    }

    [Theory]
    [InlineData("\"host\"")]
    [InlineData("\"172.18.0.2%eth0\"")]
    [InlineData("\"fe80::1%2\"")]
    [InlineData("\"172.018.0.2\"")]
    public void Host_text_that_is_not_an_address_fails_as_unpooled_and_is_not_pooled(string hostJson)
    {
        var pools = IpCacheEntryPools.Create();
        for (var i = 0; i < 2; i++)
        {
            var pooled = DecodeOutcome.Of(() => IpCacheEntryJsonReader.Read(Entry("10.0.0.1", hostJson), pools));
            var unpooled = DecodeOutcome.Of(() => IpCacheEntryJsonReader.Read(Entry("10.0.0.1", hostJson), Unpooled()));
            Assert.NotNull(pooled.Reason);
            Assert.Equal(unpooled.Reason, pooled.Reason);
            Assert.Equal(unpooled.Detail, pooled.Detail);
        }

        Assert.Equal(0, pools.HostAddresses!.Count);
    }

    [Fact]
    public void Address_pool_stays_within_its_capacity_and_still_decodes_beyond_it()
    {
        var pools = IpCacheEntryPools.Create() with { HostAddresses = new Utf8AddressPool(capacity: 2) };
        for (var i = 1; i <= 6; i++)
        {
            Assert.Equal(IPAddress.Parse($"172.18.0.{i}"), Read(Entry("10.0.0.1", $"\"172.18.0.{i}\""), pools).HostIP);
        }

        Assert.Equal(2, pools.HostAddresses!.Count);
        var kept = Read(Entry("10.0.0.1", "\"172.18.0.1\""), pools).HostIP;
        Assert.Same(kept, Read(Entry("10.0.0.2", "\"172.18.0.1\""), pools).HostIP);
        Assert.NotSame(Read(Entry("10.0.0.1", "\"172.18.0.6\""), pools).HostIP, Read(Entry("10.0.0.2", "\"172.18.0.6\""), pools).HostIP);
    }

    [Fact]
    public void Entries_with_the_same_named_ports_share_one_read_only_list()
    {
        var pools = IpCacheEntryPools.Create();
        var first = Read(Entry("10.0.0.1", "null", Http), pools);
        var second = Read(Entry("10.0.0.2", "null", Http), pools);

        Assert.Same(first.NamedPorts, second.NamedPorts);
        Assert.Null(Structural.Diff(Read(Entry("10.0.0.1", "null", Http), Unpooled()).NamedPorts, first.NamedPorts));
        Assert.IsNotType<List<NamedPort>>(first.NamedPorts);
        Assert.IsNotType<NamedPort[]>(first.NamedPorts);
        var asList = Assert.IsAssignableFrom<IList<NamedPort>>(first.NamedPorts);
        Assert.True(asList.IsReadOnly);
        Assert.Throws<NotSupportedException>(() => asList[0] = new NamedPort { Name = "changed" });
        Assert.Throws<NotSupportedException>(() => asList.Add(new NamedPort { Name = "added" }));
        Assert.Equal(1, pools.NamedPorts!.Count);
    }

    [Fact]
    public void A_pooled_list_leaves_the_reader_after_the_array()
    {
        var pools = IpCacheEntryPools.Create();
        var utf8 = Encoding.UTF8.GetBytes($"{{\"IP\":\"10.0.0.1\",\"NamedPorts\":{Http},\"K8sNamespace\":\"after\"}}");
        Assert.Equal("after", IpCacheEntryJsonReader.Read(utf8, pools)!.K8sNamespace);
        Assert.Equal("after", IpCacheEntryJsonReader.Read(utf8, pools)!.K8sNamespace);

        // A hit must not hide what follows the array: trailing tokens still fail.
        var trailing = Encoding.UTF8.GetBytes($"{{\"IP\":\"10.0.0.1\",\"NamedPorts\":{Http}}} {{}}");
        Assert.NotNull(DecodeOutcome.Of(() => IpCacheEntryJsonReader.Read(trailing, pools)).Reason);
    }

    [Theory]
    [InlineData("[{\"Name\":\"h\\u0074tp\",\"Port\":80}]")]
    [InlineData("[ { \"Name\" : \"http\" , \"Port\" : 80 } ]")]
    [InlineData("[]")]
    [InlineData("[{\"Name\":\"a-very-long-port-name-that-makes-the-array-text-long\",\"Port\":1},{\"Name\":\"b\",\"Port\":2}]")]
    public void Escaped_spaced_empty_and_long_arrays_decode_as_unpooled(string ports)
    {
        var pools = IpCacheEntryPools.Create() with { NamedPorts = new NamedPortListPool(capacity: 8, maxArrayLength: 64) };
        var expected = Read(Entry("10.0.0.1", "null", ports), Unpooled()).NamedPorts;
        for (var i = 0; i < 2; i++)
        {
            Assert.Null(Structural.Diff(expected, Read(Entry("10.0.0.1", "null", ports), pools).NamedPorts));
        }

        Assert.Equal(ports.Length <= 64 ? 1 : 0, pools.NamedPorts!.Count);
    }

    [Theory]
    [InlineData("[{\"Name\":\"x\",\"Extra\":1},tru]")]
    [InlineData("[{\"Name\":\"x\",\"Port\":70000}]")]
    [InlineData("[{\"Port\":80}]")]
    [InlineData("[{\"Name\":\"x\",\"Port\":1},{]")]
    [InlineData("[{\"Name\":\"x\",\"Port\":1},null]")]
    public void Bad_named_ports_fail_or_decode_as_unpooled_and_are_not_pooled(string ports)
    {
        var pools = IpCacheEntryPools.Create();
        for (var i = 0; i < 2; i++)
        {
            var pooled = DecodeOutcome.Of(() => IpCacheEntryJsonReader.Read(Entry("10.0.0.1", "null", ports), pools));
            var unpooled = DecodeOutcome.Of(() => IpCacheEntryJsonReader.Read(Entry("10.0.0.1", "null", ports), Unpooled()));
            Assert.Equal(unpooled.Reason, pooled.Reason);
            Assert.Equal(unpooled.Detail, pooled.Detail);
            Assert.Null(Structural.Diff(unpooled.Value, pooled.Value));
        }

        Assert.Equal(0, pools.NamedPorts!.Count);
    }

    [Fact]
    public void Named_port_pool_stays_within_its_capacity_and_still_decodes_beyond_it()
    {
        var pools = IpCacheEntryPools.Create() with { NamedPorts = new NamedPortListPool(capacity: 2) };
        for (var port = 1; port <= 5; port++)
        {
            var entry = Read(Entry("10.0.0.1", "null", $"[{{\"Name\":\"p\",\"Port\":{port}}}]"), pools);
            Assert.Equal((ushort)port, Assert.Single(entry.NamedPorts!).Port);
        }

        Assert.Equal(2, pools.NamedPorts!.Count);
    }

    private static IpCacheEntryPools Unpooled() => new(new Utf8StringPool(), HostAddresses: null, NamedPorts: null);

    private static IpCacheEntry Read(byte[] utf8, IpCacheEntryPools pools) => IpCacheEntryJsonReader.Read(utf8, pools)!;

    private static byte[] Entry(string ip, string hostJson, string portsJson = "null") =>
        Encoding.UTF8.GetBytes($"{{\"IP\":\"{ip}\",\"HostIP\":{hostJson},\"NamedPorts\":{portsJson}}}");
}
