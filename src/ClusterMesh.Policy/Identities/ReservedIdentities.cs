using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Policy.Identities;

/// <summary>Labels of Cilium's reserved identities (<c>reserved:host</c>, <c>reserved:world</c>, ...).</summary>
public static class ReservedIdentities
{
    private static readonly Dictionary<uint, string> Names = new()
    {
        [NumericIdentity.Host.Value] = "host",
        [NumericIdentity.World.Value] = "world",
        [NumericIdentity.Unmanaged.Value] = "unmanaged",
        [NumericIdentity.Health.Value] = "health",
        [NumericIdentity.Init.Value] = "init",
        [NumericIdentity.RemoteNode.Value] = "remote-node",
        [NumericIdentity.KubeApiServer.Value] = "kube-apiserver",
        [NumericIdentity.Ingress.Value] = "ingress",
    };

    /// <summary>The label set of a reserved identity (<c>reserved:&lt;name&gt;=</c>), or empty for other identities.</summary>
    public static LabelSet LabelsOf(NumericIdentity identity) =>
        Names.TryGetValue(identity.Value, out var name)
            ? LabelSet.From([new Label(Label.SourceReserved, name, string.Empty)])
            : LabelSet.Empty;

    /// <summary>The reserved identity named <paramref name="name"/> (<c>host</c>, <c>world</c>, ...).</summary>
    public static bool TryGet(string name, out NumericIdentity identity)
    {
        foreach (var (value, reserved) in Names)
        {
            if (reserved == name)
            {
                identity = new NumericIdentity(value);
                return true;
            }
        }

        identity = NumericIdentity.Unknown;
        return false;
    }
}
