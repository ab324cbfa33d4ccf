using System.Collections;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace ClusterMesh.Abstractions.Model;

/// <summary>
/// An immutable set of labels, at most one per key, sorted by key as Cilium sorts them. Its kvstore form is each
/// label followed by ';' (<c>k8s:a=b;k8s:c=d;</c>): the value of <c>cilium/state/identities/v1/id/&lt;id&gt;</c>.
/// </summary>
public sealed class LabelSet : IReadOnlyCollection<Label>, IEquatable<LabelSet>
{
    private readonly ImmutableArray<Label> _labels;
    private string? _kvstoreForm;

    private LabelSet(ImmutableArray<Label> sortedLabels) => _labels = sortedLabels;

    /// <summary>The empty set.</summary>
    public static LabelSet Empty { get; } = new(ImmutableArray<Label>.Empty);

    /// <summary>Builds a set; a later label with the same key replaces an earlier one.</summary>
    public static LabelSet From(IEnumerable<Label> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var byKey = new Dictionary<string, Label>(StringComparer.Ordinal);
        foreach (var label in labels)
        {
            byKey[label.Key] = label;
        }

        var sorted = byKey.Values.ToArray();
        Array.Sort(sorted);
        return new LabelSet(ImmutableArray.Create(sorted));
    }

    /// <summary>Builds a set of labels of one source from key/value pairs.</summary>
    public static LabelSet From(string source, IEnumerable<KeyValuePair<string, string>> pairs) =>
        From(pairs.Select(p => new Label(source, p.Key, p.Value)));

    /// <summary>Parses the kvstore form (<c>k8s:a=b;k8s:c=d;</c>); empty segments are ignored.</summary>
    public static LabelSet ParseKvStoreForm(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return From(text.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(Label.Parse));
    }

    /// <summary>
    /// Parses the kvstore form strictly, as it comes off the wire: every label is <c>source:key=value</c> with a
    /// non-empty source and key, each key at most once. The trailing ';' may be missing.
    /// </summary>
    public static bool TryParseKvStoreForm(string? text, [NotNullWhen(true)] out LabelSet? labels)
    {
        labels = null;
        if (text is null)
        {
            return false;
        }

        var parsed = new List<Label>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var segment in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = segment.IndexOf(':', StringComparison.Ordinal);
            var equals = segment.IndexOf('=', StringComparison.Ordinal);
            if (colon <= 0 || equals < 0 || equals < colon + 2)
            {
                return false;
            }

            var label = new Label(segment[..colon], segment[(colon + 1)..equals], segment[(equals + 1)..]);
            if (!keys.Add(label.Key))
            {
                return false;
            }

            parsed.Add(label);
        }

        labels = From(parsed);
        return true;
    }

    /// <inheritdoc />
    public int Count => _labels.Length;

    /// <summary>The label with <paramref name="key"/>, or <c>null</c>.</summary>
    public Label? this[string key]
    {
        get
        {
            // A plain loop: selectors call this for every identity they test (the policy engine's hot path).
            foreach (var label in _labels)
            {
                if (string.Equals(label.Key, key, StringComparison.Ordinal))
                {
                    return label;
                }
            }

            return null;
        }
    }

    /// <summary>The value of the label with <paramref name="key"/>, or <c>null</c>.</summary>
    public string? ValueOf(string key) => this[key]?.Value;

    /// <summary>The kvstore form: every label as <c>source:key=value;</c>, sorted by key.</summary>
    public string ToKvStoreForm()
    {
        if (_kvstoreForm is null)
        {
            var builder = new StringBuilder();
            foreach (var label in _labels)
            {
                builder.Append(label.Source).Append(':').Append(label.Key).Append('=').Append(label.Value).Append(';');
            }

            _kvstoreForm = builder.ToString();
        }

        return _kvstoreForm;
    }

    /// <inheritdoc />
    public IEnumerator<Label> GetEnumerator() => ((IEnumerable<Label>)_labels).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public bool Equals(LabelSet? other) => other is not null && ToKvStoreForm() == other.ToKvStoreForm();

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as LabelSet);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToKvStoreForm());

    /// <inheritdoc />
    public override string ToString() => ToKvStoreForm();
}
