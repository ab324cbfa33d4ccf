using System.Buffers;
using System.Text;
using System.Text.Unicode;
using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Abstractions.Wire.Json;

namespace ClusterMesh.Abstractions.Wire.Codecs;

/// <summary>
/// Identities: the value is the plain-text label list (<c>k8s:a=b;k8s:c=d;</c>), not JSON. The identity must lie in
/// the source cluster's range and carry <c>k8s:io.cilium.k8s.policy.cluster=&lt;source&gt;</c>, as Cilium's remote
/// identity watcher requires.
/// </summary>
internal sealed class IdentityCodec(WireValidationContext context) : IKvCodec<IdentityEntry>
{
    private const int StackChars = 512;

    // Sources, keys and most values repeat across identities (k8s, io.kubernetes.pod.namespace, namespace names).
    private readonly Utf8StringPool _strings = new();

    public IdentityEntry Decode(string key, ReadOnlySpan<byte> value)
    {
        ArgumentNullException.ThrowIfNull(key);
        WireChecks.Size(key, value, context);
        if (!IdentityKey.TryParse(key, out var parsedKey))
        {
            throw WireChecks.Fail(key, RejectReason.MalformedKey, "not an identity key");
        }

        WireChecks.IdentityInRange(key, parsedKey.Id, context, allowReserved: false);
        var rented = value.Length > StackChars ? ArrayPool<char>.Shared.Rent(value.Length) : null;
        try
        {
            // UTF-16 never needs more chars than the UTF-8 had bytes.
            Span<char> chars = rented is not null ? rented : stackalloc char[StackChars];
            if (Utf8.ToUtf16(value, chars, out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done)
            {
                throw new WireValidationException(key, RejectReason.MalformedValue, "labels are not valid UTF-8");
            }

            ReadOnlySpan<char> text = chars[..written];
            if (!LabelSet.TryParseKvStoreForm(text, _strings, out var labels) || labels.Count == 0)
            {
                throw WireChecks.Fail(key, RejectReason.MalformedValue, $"'{text}' is not a label list (source:key=value;...)");
            }

            return Validated(key, parsedKey, labels);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private IdentityEntry Validated(string key, IdentityKey parsedKey, LabelSet labels)
    {
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
