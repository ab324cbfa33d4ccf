using System.Collections;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Text;
using ClusterMesh.Abstractions.Wire.Json;

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
        return text is not null && TryParseKvStoreForm(text, strings: null, out labels);
    }

    /// <summary>
    /// <see cref="TryParseKvStoreForm(string?, out LabelSet?)"/> over characters, with sources, keys and values taken
    /// from <paramref name="strings"/> when given: a mirror holds tens of thousands of identities whose labels repeat
    /// the same few sources, keys and namespace names.
    /// </summary>
    internal static bool TryParseKvStoreForm(ReadOnlySpan<char> text, Utf8StringPool? strings, [NotNullWhen(true)] out LabelSet? labels)
    {
        labels = null;
        var parsed = new Label[text.Count(';') + (text.EndsWith(';') ? 0 : 1)];
        var count = 0;
        foreach (var range in text.Split(';'))
        {
            var segment = text[range];
            if (segment.IsEmpty)
            {
                continue;
            }

            var colon = segment.IndexOf(':');
            var equals = segment.IndexOf('=');
            if (colon <= 0 || equals < 0 || equals < colon + 2)
            {
                return false;
            }

            parsed[count++] = new Label(Text(segment[..colon], strings), Text(segment[(colon + 1)..equals], strings), Text(segment[(equals + 1)..], strings));
        }

        // Sorted by key first, a repeated key sits next to itself; with keys distinct, this is From's set without its
        // dictionary and copies.
        Array.Resize(ref parsed, count);
        Array.Sort(parsed);
        for (var i = 1; i < parsed.Length; i++)
        {
            if (string.Equals(parsed[i - 1].Key, parsed[i].Key, StringComparison.Ordinal))
            {
                return false;
            }
        }

        labels = new LabelSet(ImmutableCollectionsMarshal.AsImmutableArray(parsed));
        return true;
    }

    private static string Text(ReadOnlySpan<char> text, Utf8StringPool? strings) =>
        strings is null ? text.ToString() : strings.Get(text);

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
