using System.Collections;
using System.Collections.Immutable;
using System.Text;

namespace ClusterMesh.Abstractions.Model;

/// <summary>
/// An immutable set of labels, at most one per key, sorted in kvstore order. Its kvstore form is each label
/// followed by ';' (<c>k8s:a=b;k8s:c=d;</c>): the value of <c>cilium/state/identities/v1/id/&lt;id&gt;</c>.
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

    /// <inheritdoc />
    public int Count => _labels.Length;

    /// <summary>The label with <paramref name="key"/>, or <c>null</c>.</summary>
    public Label? this[string key] => _labels.FirstOrDefault(l => l.Key == key);

    /// <summary>The value of the label with <paramref name="key"/>, or <c>null</c>.</summary>
    public string? ValueOf(string key) => this[key]?.Value;

    /// <summary>The kvstore form: every label followed by ';', sorted.</summary>
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
