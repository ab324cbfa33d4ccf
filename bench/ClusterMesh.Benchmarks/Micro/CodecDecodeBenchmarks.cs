using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using ClusterMesh.Abstractions.Wire;
using ClusterMesh.Benchmarks.Data;

namespace ClusterMesh.Benchmarks.Micro;

/// <summary>
/// Decoding one value of each replicated kind with the project's validating codec, against the bare parse
/// (source-generated JSON, or the label parser for identities) as the baseline of its category.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class CodecDecodeBenchmarks
{
    private WireCodecs _codecs = null!;
    private KvPair _ipcache;
    private KvPair _node;
    private KvPair _identity;
    private KvPair _service;

    [GlobalSetup]
    public void Setup()
    {
        var data = RemoteClusterData.Create(new ScaleTotals(20, 10, 10));
        _codecs = data.Codecs;
        _ipcache = data.PodPair(0); // with a named port
        _node = data.NodePair(0);
        _identity = data.IdentityPair(0);
        _service = data.ServicePair(0); // one frontend, three backends, labels and selector
    }

    [Benchmark(Baseline = true), BenchmarkCategory("ipcache")]
    public object? IpCacheBareJson() => BareDecoder.DecodeIpCache(_ipcache.Value);

    [Benchmark, BenchmarkCategory("ipcache")]
    public object IpCacheCodec() => _codecs.IpCache.Decode(_ipcache.Key, _ipcache.Value);

    [Benchmark(Baseline = true), BenchmarkCategory("node")]
    public object? NodeBareJson() => BareDecoder.DecodeNode(_node.Value);

    [Benchmark, BenchmarkCategory("node")]
    public object NodeCodec() => _codecs.Nodes.Decode(_node.Key, _node.Value);

    [Benchmark(Baseline = true), BenchmarkCategory("service")]
    public object? ServiceBareJson() => BareDecoder.DecodeService(_service.Value);

    [Benchmark, BenchmarkCategory("service")]
    public object ServiceCodec() => _codecs.Services.Decode(_service.Key, _service.Value);

    [Benchmark(Baseline = true), BenchmarkCategory("identity")]
    public object IdentityBareParse() => BareDecoder.DecodeIdentity(_identity.Value);

    [Benchmark, BenchmarkCategory("identity")]
    public object IdentityCodec() => _codecs.Identities.Decode(_identity.Key, _identity.Value);
}
