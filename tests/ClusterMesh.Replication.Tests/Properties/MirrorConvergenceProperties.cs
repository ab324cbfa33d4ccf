using ClusterMesh.Replication.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ClusterMesh.Replication.Tests.Properties;

/// <summary>
/// Model-based: random interleavings of remote writes, outages, compactions and remote restarts (an empty
/// kvstore republished by its writer) end with the local mirror equal to the remote state, nothing mirrored
/// changes while disconnected, and a restart that republishes the same state deletes nothing locally.
/// </summary>
public sealed class MirrorConvergenceProperties
{
    [Property(MaxTest = 50)]
    public Property The_mirror_converges_to_the_remote_state() =>
        Prop.ForAll(MirrorOperation.Histories(), history =>
            Task.Run(() => MirrorScenario.RunAsync(history)).GetAwaiter().GetResult());
}
