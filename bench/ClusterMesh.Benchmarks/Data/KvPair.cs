namespace ClusterMesh.Benchmarks.Data;

/// <summary>One key and its encoded value, as the remote cluster's writer stores it.</summary>
internal readonly record struct KvPair(string Key, byte[] Value);
