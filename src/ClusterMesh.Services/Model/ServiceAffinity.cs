namespace ClusterMesh.Services.Model;

/// <summary>Which cluster's backends a global service prefers (<c>service.cilium.io/affinity</c>).</summary>
public enum ServiceAffinity
{
    /// <summary>No preference: every healthy backend of every cluster (the default, and the literal <c>none</c>).</summary>
    None,

    /// <summary>Local backends; healthy remote ones only while no local backend is healthy.</summary>
    Local,

    /// <summary>Remote backends; healthy local ones only while no remote backend is healthy.</summary>
    Remote,
}
