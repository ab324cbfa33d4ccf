using System.Net;
using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Abstractions.Tests.Model;

public sealed class IpPrefixTests
{
    [Theory]
    [InlineData("10.244.0.0/24", "10.244.0.0", 24)]
    [InlineData("10.244.0.77/24", "10.244.0.0", 24)]
    [InlineData("10.1.2.3", "10.1.2.3", 32)]
    [InlineData("0.0.0.0/0", "0.0.0.0", 0)]
    [InlineData("fd00:10:244::/64", "fd00:10:244::", 64)]
    [InlineData("fd00:10:244::ff/120", "fd00:10:244::", 120)]
    [InlineData("fd00::1", "fd00::1", 128)]
    public void Parses_and_masks(string text, string network, int length)
    {
        var prefix = IpPrefix.Parse(text);

        Assert.Equal(IPAddress.Parse(network), prefix.Address);
        Assert.Equal(length, prefix.PrefixLength);
        Assert.Equal($"{network}/{length}", prefix.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("10.0.0.0/33")]
    [InlineData("fd00::/129")]
    [InlineData("10.0.0.0/")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("127.1")]
    [InlineData("010.0.0.1")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("fe80::1%eth0")]
    [InlineData("[fd00::1]")]
    [InlineData("10.0.0.0/8/8")]
    public void Rejects_what_Go_rejects(string text)
    {
        Assert.False(IpPrefix.TryParse(text, out _));
        Assert.Throws<FormatException>(() => IpPrefix.Parse(text));
    }

    [Fact]
    public void Contains_checks_family_and_network()
    {
        var prefix = IpPrefix.Parse("10.244.1.0/24");

        Assert.True(prefix.Contains(IPAddress.Parse("10.244.1.255")));
        Assert.False(prefix.Contains(IPAddress.Parse("10.244.2.0")));
        Assert.False(prefix.Contains(IPAddress.Parse("::ffff:10.244.1.1").MapToIPv6()));
        Assert.True(IpPrefix.Parse("::/0").Contains(IPAddress.IPv6Loopback));
    }

    [Theory]
    [InlineData("10.244.0.0/24", "////AA==")]
    [InlineData("fd00:10:244::/64", "//////////8AAAAAAAAAAA==")]
    [InlineData("10.0.0.1/32", "/////w==")]
    [InlineData("0.0.0.0/0", "AAAAAA==")]
    public void Mask_bytes_are_Go_net_IPMask(string text, string base64Mask)
    {
        var prefix = IpPrefix.Parse(text);

        Assert.Equal(base64Mask, Convert.ToBase64String(prefix.GetMask()));
        Assert.True(IpPrefix.TryFromMask(prefix.Address, Convert.FromBase64String(base64Mask), out var back));
        Assert.Equal(prefix, back);
    }

    [Theory]
    [InlineData("10.0.0.0", "/wD/AA==")] // 255.0.255.0: not contiguous
    [InlineData("10.0.0.0", "//////////8AAAAAAAAAAA==")] // IPv6 mask for an IPv4 address
    [InlineData("fd00::", "////AA==")] // IPv4 mask for an IPv6 address
    public void Invalid_masks_are_refused(string address, string base64Mask) =>
        Assert.False(IpPrefix.TryFromMask(IPAddress.Parse(address), Convert.FromBase64String(base64Mask), out _));

    [Fact]
    public void Host_prefixes_know_they_are_hosts()
    {
        Assert.True(IpPrefix.Host(IPAddress.Parse("10.0.0.1")).IsHost);
        Assert.False(IpPrefix.Parse("10.0.0.0/31").IsHost);
        Assert.True(IpPrefix.Parse("fd00::1").IsIPv6);
    }
}
