namespace ClusterMesh.Agent.Run;

/// <summary>What the running agent has done so far, shared by its services and read by the status file.</summary>
internal sealed class RunState
{
    private volatile string? _failure;
    private volatile bool _published;

    /// <summary>Whether this node's share of the cluster is written.</summary>
    public bool Published => _published;

    /// <summary>Why the agent stopped on its own, or null.</summary>
    public string? Failure => _failure;

    /// <summary>Whether the synced canaries are written (only the cluster-state publisher writes them).</summary>
    public Func<bool> CanariesWritten { get; set; } = () => false;

    public void MarkPublished() => _published = true;

    public void Fail(string reason) => _failure ??= reason;
}
