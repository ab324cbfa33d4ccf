using System.Text;
using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Replication;

namespace ClusterMesh.Abstractions.Wire.Codecs;

/// <summary>
/// Identities: the value is the plain-text label list (<c>k8s:a=b;k8s:c=d;</c>), not JSON. The identity must lie in
/// the source cluster's range and carry <c>k8s:io.cilium.k8s.policy.cluster=&lt;source&gt;</c>, as Cilium's remote
/// identity watcher requires.
/// </summary>
internal sealed class IdentityCodec(WireValidationContext context) : IKvCodec<IdentityEntry>
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public IdentityEntry Decode(string key, ReadOnlySpan<byte> value)
    {
        ArgumentNullException.ThrowIfNull(key);
        WireChecks.Size(key, value, context);
        if (!IdentityKey.TryParse(key, out var parsedKey))
        {
            throw WireChecks.Fail(key, RejectReason.MalformedKey, "not an identity key");
        }

        WireChecks.IdentityInRange(key, parsedKey.Id, context, allowReserved: false);
        string text;
        try
        {
            text = StrictUtf8.GetString(value);
        }
        catch (DecoderFallbackException e)
        {
            throw new WireValidationException(key, RejectReason.MalformedValue, "labels are not valid UTF-8", e);
        }

        if (!LabelSet.TryParseKvStoreForm(text, out var labels) || labels.Count == 0)
        {
            throw WireChecks.Fail(key, RejectReason.MalformedValue, $"'{text}' is not a label list (source:key=value;...)");
        }

        var cluster = labels[Label.ClusterKey];
        if (cluster is null || cluster.Source != Label.SourceK8s)
        {
            throw WireChecks.Fail(key, RejectReason.InvalidField, $"the labels lack {Label.SourceK8s}:{Label.ClusterKey}");
        }

        WireChecks.SourceCluster(key, cluster.Value, context, "the cluster label");
        return new IdentityEntry(parsedKey.Id, labels);
    }

    public byte[] Encode(IdentityEntry value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Encoding.UTF8.GetBytes(value.Labels.ToKvStoreForm());
    }

    public string KeyOf(IdentityEntry value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new IdentityKey(value.Id).ToString();
    }
}
