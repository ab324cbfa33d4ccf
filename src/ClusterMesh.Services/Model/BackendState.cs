namespace ClusterMesh.Services.Model;

/// <summary>The state of one backend, as Cilium's load balancer tracks it.</summary>
public enum BackendState
{
    /// <summary>Ready: takes new connections.</summary>
    Active,

    /// <summary>Shutting down but still serving (EndpointSlice <c>serving</c> without <c>ready</c>).</summary>
    Terminating,

    /// <summary>Unhealthy: neither ready nor serving, or failed a health check.</summary>
    Quarantined,

    /// <summary>Taken out of rotation on purpose.</summary>
    Maintenance,
}

/// <summary>Helpers on <see cref="BackendState"/>.</summary>
public static class BackendStates
{
    /// <summary>Healthy means active or terminating; quarantined and maintenance backends are not.</summary>
    public static bool IsHealthy(this BackendState state) => state is BackendState.Active or BackendState.Terminating;
}
