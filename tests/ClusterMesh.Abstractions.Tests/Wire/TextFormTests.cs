using System.Net;
using System.Text;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Wire;
using ClusterMesh.Abstractions.Wire.Text;

namespace ClusterMesh.Abstractions.Tests.Wire;

/// <summary>The text forms Go writes: addresses, RFC 3339 times, decimal identities.</summary>
public sealed class TextFormTests
{
    [Theory]
    [InlineData("10.244.2.74", "10.244.2.74")]
    [InlineData("fd00:10:244:1::d643", "fd00:10:244:1::d643")]
    [InlineData("FD00:0:0:0:0:0:0:1", "fd00::1")]
    [InlineData("1:0:2:3:4:5:6:7", "1:0:2:3:4:5:6:7")] // one zero group is not compressed
    [InlineData("1:0:0:2:0:0:0:3", "1:0:0:2::3")] // the longest run is
    [InlineData("1:0:0:2:0:0:3:4", "1::2:0:0:3:4")] // the first of equal runs is
    [InlineData("::", "::")]
    [InlineData("::1", "::1")]
    [InlineData("::1.2.3.4", "::102:304")] // Go prints IPv4-compatible addresses in hex
    [InlineData("::ffff:1.2.3.4", "1.2.3.4")] // and IPv4-mapped ones as IPv4
    public void Addresses_format_as_Go_does(string input, string expected)
    {
        Assert.True(GoIp.TryParse(input, out var address));
        Assert.Equal(expected, GoIp.Format(address));
        Assert.True(GoIp.TryParseUtf8(Encoding.ASCII.GetBytes(input), out var fromUtf8));
        Assert.Equal(address, fromUtf8);
    }

    [Theory]
    [InlineData("127.1")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.4.5")]
    [InlineData("01.2.3.4")]
    [InlineData("1.2.3.256")]
    [InlineData("0x7f.0.0.1")]
    [InlineData(" 1.2.3.4")]
    [InlineData("fe80::1%eth0")]
    [InlineData("[::1]")]
    [InlineData("::ffff:01.2.3.4")]
    [InlineData("1.2.3.4.")]
    [InlineData("")]
    public void Strict_like_Go(string input) => Assert.False(GoIp.TryParse(input, out _));

    [Fact]
    public void Non_ascii_utf8_is_not_an_address() =>
        Assert.False(GoIp.TryParseUtf8([0x31, 0xC3, 0xA9], out _));

    [Theory]
    [InlineData("2025-01-01T00:00:00Z")]
    [InlineData("2025-06-30T23:59:59+02:00")]
    [InlineData("1999-12-31T12:00:00-05:30")]
    public void Timestamps_round_trip_with_their_offset(string text)
    {
        var time = KvText.DecodeTimestamp("cilium/.heartbeat", Encoding.ASCII.GetBytes(text));

        Assert.Equal(text, Encoding.ASCII.GetString(KvText.EncodeTimestamp(time)));
    }

    [Fact]
    public void Fractional_seconds_are_read_and_dropped_on_write()
    {
        var time = KvText.DecodeTimestamp("k", "2025-01-01T00:00:00.123456789Z"u8);

        Assert.Equal(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(1234567), time);
        Assert.Equal("2025-01-01T00:00:00Z", Encoding.ASCII.GetString(KvText.EncodeTimestamp(time)));
    }

    [Theory]
    [InlineData("2025-01-01 00:00:00Z")]
    [InlineData("2025-01-01T00:00:00")]
    [InlineData("2025-02-30T00:00:00Z")]
    [InlineData("2025-01-01T24:00:00Z")]
    [InlineData("2025-01-01T00:00:60Z")]
    [InlineData("2025-01-01T00:00:00.Z")]
    [InlineData("2025-01-01T00:00:00+0100")]
    [InlineData("0000-01-01T00:00:00Z")]
    public void Malformed_timestamps_are_refused(string text) =>
        Assert.False(KvText.TryDecodeTimestamp(Encoding.ASCII.GetBytes(text), out _));

    [Theory]
    [InlineData("196915", 196915u)]
    [InlineData("0", 0u)]
    [InlineData("4294967295", uint.MaxValue)]
    public void Identities_are_decimal_text(string text, uint value)
    {
        var id = KvText.DecodeIdentity("k", Encoding.ASCII.GetBytes(text));

        Assert.Equal(new NumericIdentity(value), id);
        Assert.Equal(text, Encoding.ASCII.GetString(KvText.EncodeIdentity(id)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("01")]
    [InlineData("+1")]
    [InlineData("4294967296")]
    [InlineData("12 ")]
    public void Malformed_identities_are_refused(string text) =>
        Assert.Throws<ClusterMesh.Abstractions.Replication.WireValidationException>(() => KvText.DecodeIdentity("k", Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void Absent_addresses_are_empty_strings_in_JSON()
    {
        var codecs = WireCodecs.For(WireValidationContext.Create("c", 1));
        var entry = new IpCacheEntry { IP = IPAddress.Parse("10.0.0.1"), ID = new NumericIdentity(2) };

        var json = Encoding.UTF8.GetString(codecs.IpCache.Encode(entry));

        Assert.Contains("\"HostIP\":\"\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Mask", json, StringComparison.Ordinal);
        Assert.DoesNotContain("K8sNamespace", json, StringComparison.Ordinal);
    }
}
