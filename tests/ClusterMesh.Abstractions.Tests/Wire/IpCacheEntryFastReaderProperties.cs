using System.Text;
using System.Text.Json;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Tests.Support;
using ClusterMesh.Abstractions.Wire.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ClusterMesh.Abstractions.Tests.Wire;

/// <summary>
/// The ipcache reader's fast path for the common shape against its general path: whatever the fast path accepts,
/// the general path accepts with the same record (pooled instances included), on the assembled documents of
/// <see cref="IpCacheEntryReaderProperties"/> and on encoded records; and entries as agents write them do take it.
/// </summary>
public sealed class IpCacheEntryFastReaderProperties
{
    // Shared by every case: arrays and addresses pooled by earlier cases are what the fast path can hit.
    private static readonly IpCacheEntryPools Pools = IpCacheEntryPools.Create();

    // Plain values the fast path takes...
    private static readonly Dictionary<string, string[]> Common = new()
    {
        ["IP"] = ["\"10.1.2.3\"", "\"fd00::1\"", "\"::ffff:10.0.0.1\""],
        ["HostIP"] = ["\"192.168.0.1\"", "\"192.168.0.2\"", "\"\"", "\"fd00::2\""],
        ["ID"] = ["0", "1", "65536", "4294967295"],
        ["Key"] = ["0", "5", "255"],
        ["Mask"] = ["null"],
        ["Metadata"] = ["\"\"", "\"m\""],
        ["K8sNamespace"] = ["\"default\"", "\"kube-system\"", "\"\""],
        ["K8sPodName"] = ["\"pod-1\"", "\"app-7-5d9f\""],
        ["K8sPodUID"] = ["\"3f1c-aa\""],
        ["K8sServiceAccount"] = ["\"default\"", "\"sa-1\""],
        ["NamedPorts"] = ["null", "[]", "[{\"Name\":\"http\",\"Port\":80,\"Protocol\":\"TCP\"}]", "[{\"Name\":\"a\",\"Port\":1},{\"Name\":\"b\",\"Port\":2}]"],
    };

    // ...and near misses it must leave to the general path (the general property's odd values come on top).
    private static readonly Dictionary<string, string[]> NearMisses = new()
    {
        ["IP"] = ["\"10.1.2\"", "\"\""],
        ["HostIP"] = ["\"host\""],
        ["ID"] = ["4294967296", "01", "99999999999"],
        ["Key"] = ["256", "00"],
        ["Mask"] = ["\"/////w==\""],
        ["Metadata"] = ["\"tab\there\""],
        ["K8sNamespace"] = ["\"de\u007f\""],
        ["K8sPodName"] = ["\"p\u007f\""],
        ["K8sPodUID"] = ["\"\u0000\""],
        ["K8sServiceAccount"] = ["\"sa\"1\""],
        ["NamedPorts"] = ["[{\"Name\":\"a]\",\"Port\":1}]", "[{\"Name\":\"dns\",\"Port\":53}]"],
    };

    /// <summary>Documents in or near the common shape: IP and any other fields in any order, each usually once with a
    /// plain value, now and then a near miss, an odd value, a repeated field or a trailing byte.</summary>
    private static readonly Gen<string> NearCommon =
        from others in Gen.Shuffle(Common.Keys.Where(name => name != "IP").ToArray()).SelectMany(all => Gen.Choose(0, all.Length).Select(n => all.Take(n)))
        from withIp in Gen.Elements(true, true, true, true, true, true, true, true, true, false)
        from ipAt in Gen.Choose(0, 10)
        let names = withIp ? others.Take(ipAt).Append("IP").Concat(others.Skip(ipAt)).ToArray() : others.ToArray()
        from values in names.Aggregate(Gen.Constant(Array.Empty<string>()), (done, name) => done.SelectMany(fields =>
            Gen.Frequency((40, Gen.Elements(Common[name])), (2, Gen.Elements(NearMisses[name])), (1, Gen.Elements(IpCacheEntryReaderProperties.Fields[name])))
                .Select(value => (string[])[.. fields, $"\"{name}\":{value}"])))
        from repeat in Gen.Elements(false, false, false, false, false, false, false, true)
        from tail in Gen.Elements("", "", "", "", "", "", " ", "}")
        let fields = repeat && values.Length > 0 ? values.Append(values[0]) : values
        select "{" + string.Join(",", fields) + "}" + tail;

    [Property(MaxTest = 3000)]
    public Property Whatever_the_fast_path_accepts_the_general_path_reads_the_same_near_the_common_shape() =>
        Prop.ForAll(NearCommon.ToArbitrary(), json =>
        {
            var utf8 = Encoding.UTF8.GetBytes(json);
            return Same(utf8).And(IpCacheEntryReaderProperties.Agree(utf8));
        });

    [Property(MaxTest = 1000)]
    public Property Whatever_the_fast_path_accepts_the_general_path_reads_the_same_on_assembled_documents() =>
        Prop.ForAll(IpCacheEntryReaderProperties.Document.ToArbitrary(), json => Same(Encoding.UTF8.GetBytes(json)));

    [Property]
    public Property Whatever_the_fast_path_accepts_the_general_path_reads_the_same_on_encoded_entries() =>
        Prop.ForAll(RecordGen.IpCache.ToArbitrary(), sample => Same(JsonSerializer.SerializeToUtf8Bytes(sample.Value, WireJsonContext.Default.IpCacheEntry)));

    [Fact]
    public void The_documents_near_the_common_shape_exercise_the_fast_path()
    {
        foreach (var json in NearCommon.Sample(300))
        {
            // As in the property: the general path first, which pools the named-port arrays.
            _ = DecodeOutcome.Of(() => IpCacheEntryJsonReader.ReadGeneral(Encoding.UTF8.GetBytes(json), Pools));
        }

        var accepted = NearCommon.Sample(2000)
            .Count(json => IpCacheEntryFastReader.TryRead(Encoding.UTF8.GetBytes(json), Pools, out _));

        Assert.InRange(accepted, 600, 1900);
    }

    [Fact]
    public void Entries_as_agents_write_them_take_the_fast_path_once_their_named_ports_are_pooled()
    {
        var pools = IpCacheEntryPools.Create();
        for (var i = 0; i < 50; i++)
        {
            // Go's field order, with the null mask Go writes for an endpoint address.
            var json = Encoding.UTF8.GetBytes(
                $"{{\"IP\":\"10.0.{i}.1\",\"Mask\":null,\"HostIP\":\"192.168.0.{i % 5}\",\"ID\":{70_000 + i},\"Key\":{i % 3},\"Metadata\":\"\","
                + $"\"K8sNamespace\":\"ns-{i % 3}\",\"K8sPodName\":\"app-{i}-7d9f8c6b5-x\",\"K8sPodUID\":\"{new Guid(i, 0, 0, new byte[8])}\","
                + $"\"K8sServiceAccount\":\"sa-{i % 4}\",\"NamedPorts\":[{{\"Name\":\"http\",\"Port\":8080,\"Protocol\":\"TCP\"}}]}}");
            var general = IpCacheEntryJsonReader.ReadGeneral(json, pools);

            Assert.True(IpCacheEntryFastReader.TryRead(json, pools, out var fast), Encoding.UTF8.GetString(json));
            Assert.Null(Structural.Diff(general, fast));
            Assert.Same(general!.NamedPorts, fast.NamedPorts);
            Assert.Same(general.HostIP, fast.HostIP);
            Assert.Same(general.K8sNamespace, fast.K8sNamespace);
        }

        var encoded = JsonSerializer.SerializeToUtf8Bytes(new IpCacheEntry { IP = System.Net.IPAddress.Parse("fd00::1"), ID = new NumericIdentity(7) }, WireJsonContext.Default.IpCacheEntry);
        Assert.True(IpCacheEntryFastReader.TryRead(encoded, pools, out _), Encoding.UTF8.GetString(encoded));
    }

    // Key address parts as a codec hands them over (text and its parsed address): the IPs of Common, one of them in
    // another spelling of the same address, and an address no document holds.
    private static readonly (string Text, System.Net.IPAddress Address)[] KeyAddresses =
        [.. new[] { "10.1.2.3", "fd00::1", "::ffff:10.0.0.1", "fd00:0::1", "10.9.9.9" }.Select(text => (text, IpPrefix.Parse(text).Address))];

    private static Property Same(byte[] utf8)
    {
        // The general path first, so that a named-port array it pools can be a hit for the fast path right after.
        var general = DecodeOutcome.Of(() => IpCacheEntryJsonReader.ReadGeneral(utf8, Pools));
        bool accepted = IpCacheEntryFastReader.TryRead(utf8, Pools, out var fast);
        string? diff = !accepted ? null
            : general.Reason is { } reason ? $"the general path rejects it ({reason}: {general.Detail})"
            : Structural.Diff(general.Value, fast);
        return (diff is null).Label($"{Encoding.UTF8.GetString(utf8)} → {diff}").Classify(accepted, "fast path")
            .And(SameWithKeyAddresses(utf8, accepted, fast));
    }

    /// <summary>With the key's address at hand the fast path accepts the same documents with the same records, and
    /// takes the key's instance exactly when <c>IP</c> is written as the key writes it.</summary>
    private static Property SameWithKeyAddresses(byte[] utf8, bool accepted, IpCacheEntry? fast)
    {
        var problems = new List<string>();
        foreach (var (text, address) in KeyAddresses)
        {
            bool acceptedWithKey = IpCacheEntryFastReader.TryRead(utf8, Pools, new KnownAddress(text, address), out var withKey);
            if (acceptedWithKey != accepted)
            {
                problems.Add($"key {text}: accepted {acceptedWithKey}, without the key {accepted}");
            }
            else if (accepted && (Structural.Diff(fast, withKey) is { } diff))
            {
                problems.Add($"key {text}: {diff}");
            }
            else if (accepted && ReferenceEquals(withKey!.IP, address) != Encoding.UTF8.GetString(utf8).Contains($"\"IP\":\"{text}\"", StringComparison.Ordinal))
            {
                problems.Add($"key {text}: the key's address taken: {ReferenceEquals(withKey.IP, address)}");
            }
        }

        return (problems.Count == 0).Label(string.Join("; ", problems));
    }
}
