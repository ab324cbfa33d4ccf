using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Datapath.Simulation.Maps;

/// <summary>What a prefix table stores: the prefix itself (so a hit needs no rebuilt key) and its value.</summary>
internal readonly record struct LpmEntry<TValue>(IpPrefix Prefix, TValue Value);
