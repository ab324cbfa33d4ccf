using System.Net;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Wire;
using ClusterMesh.Abstractions.Wire.Text;
using FsCheck;
using FsCheck.Fluent;

namespace ClusterMesh.Abstractions.Tests.Support;

/// <summary>Generators of valid wire records for a random source cluster.</summary>
public static class WireGen
{
    private const string Alnum = "abcdefghijklmnopqrstuvwxyz0123456789";

    // Quotes, backslashes, HTML-sensitive and non-ASCII characters exercise JSON escaping.
    private const string TextChars = "abcXYZ019 -_./:=\"\\<>&é€\u2028😀";

    public static Gen<WireValidationContext> Context { get; } =
        from max in Gen.Elements(MeshLimits.DefaultMaxConnectedClusters, MeshLimits.ExtendedMaxConnectedClusters)
        from id in Gen.Choose(1, max)
        from name in DnsName(32)
        select WireValidationContext.Create(name, id, max);

    public static Gen<string> DnsName(int maxLength) =>
        from length in Gen.Choose(1, maxLength)
        from chars in Gen.Elements((Alnum + "-").ToCharArray()).ArrayOf(length)
        from first in Gen.Elements(Alnum.ToCharArray())
        from last in Gen.Elements(Alnum.ToCharArray())
        select length == 1 ? first.ToString() : first + new string(chars, 1, length - 2) + last;

    public static Gen<string> Text { get; } =
        Gen.Choose(0, 12).SelectMany(n => Gen.Elements(TextChars.EnumerateRunes().Select(r => r.ToString()).ToArray()).ArrayOf(n))
            .Select(parts => string.Concat(parts));

    public static Gen<IPAddress> V4 { get; } = Gen.Choose(0, 255).ArrayOf(4).Select(b => new IPAddress(b.Select(x => (byte)x).ToArray()));

    /// <summary>IPv6 addresses with plenty of zero groups, to exercise "::" compression.</summary>
    public static Gen<IPAddress> V6 { get; } =
        Gen.OneOf(Gen.Constant(0), Gen.Constant(0), Gen.Choose(0, 0xFFFF)).ArrayOf(8)
            .Where(g => !(g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xFFFF))
            .Select(g => new IPAddress(g.SelectMany(x => new[] { (byte)(x >> 8), (byte)x }).ToArray()));

    public static Gen<IPAddress> Ip { get; } = Gen.OneOf(V4, V6);

    public static Gen<IpPrefix> Prefix4 { get; } = V4.SelectMany(a => Gen.Choose(0, 32).Select(n => new IpPrefix(a, n)));

    public static Gen<IpPrefix> Prefix6 { get; } = V6.SelectMany(a => Gen.Choose(0, 128).Select(n => new IpPrefix(a, n)));

    public static Gen<T?> OrNull<T>(Gen<T> gen)
        where T : class => Gen.OneOf(Gen.Constant<T?>(null), gen.Select(x => (T?)x));

    public static Gen<T?> OrNullValue<T>(Gen<T> gen)
        where T : struct => Gen.OneOf(Gen.Constant<T?>(null), gen.Select(x => (T?)x));

    public static Gen<T[]> Few<T>(Gen<T> gen, int max = 3) => Gen.Choose(0, max).SelectMany(gen.ArrayOf);

    public static Gen<IReadOnlyDictionary<string, TValue>> Map<TValue>(Gen<string> keys, Gen<TValue> values, int max = 3) =>
        Few(keys.SelectMany(k => values.Select(v => KeyValuePair.Create(k, v))), max)
            .Select(IReadOnlyDictionary<string, TValue> (pairs) => pairs.DistinctBy(p => p.Key).ToDictionary(p => p.Key, p => p.Value));

    public static Gen<IReadOnlyDictionary<string, string>?> StringMap { get; } = OrNull(Map(Text, Text));

    public static Gen<NumericIdentity> IdentityOf(WireValidationContext context) =>
        Gen.Choose((int)NumericIdentity.MinimalAllocationIdentity, (1 << MeshLimits.IdentityClusterShift(context.MaxConnectedClusters)) - 1)
            .Select(local => NumericIdentity.Create(context.SourceClusterId, (uint)local, context.MaxConnectedClusters));

    public static Gen<DateTimeOffset> WholeSecondUtc { get; } =
        Gen.Choose(0, int.MaxValue).Select(s => new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(s));

    public static string AddressText(IPAddress address) => GoIp.Format(address);
}
