using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Wire.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ClusterMesh.Abstractions.Tests.Model;

/// <summary>
/// The span parser of the kvstore label form (what the identity codec uses, with pooled strings) against the rules
/// written out plainly: split on ';' dropping empty segments, each segment <c>source:key=value</c> with a non-empty
/// source and key, no key twice, the result sorted by key.
/// </summary>
public sealed class LabelSetParseProperties
{
    private static readonly Utf8StringPool SharedPool = new(capacity: 8);

    [Property(MaxTest = 2000)]
    public Property Span_parser_agrees_with_the_plain_rules()
    {
        // Mostly well-formed segments over a few sources, keys and values (so repeated keys are common), some junk
        // over the separators, joined with ';' and an optional trailing one.
        var junk = Gen.Elements(':', '=', ';', 'a', 'k', 'é').ArrayOf().Select(chars => new string(chars));
        var label = Gen.Elements("k8s", "reserved", "", "a:b").SelectMany(source => Gen.Elements("app", "x", "", "=").SelectMany(key =>
            Gen.Elements("", "v", "w=z", "é").Select(value => $"{source}:{key}={value}")));
        var text = Gen.Frequency((4, label), (1, junk)).ListOf()
            .SelectMany(segments => Gen.Elements("", ";").Select(end => string.Join(';', segments) + end));
        return Prop.ForAll(text.ToArbitrary(), value =>
        {
            var expected = Reference(value);
            var unpooled = LabelSet.TryParseKvStoreForm(value.AsSpan(), strings: null, out var plain);
            var pooled = LabelSet.TryParseKvStoreForm(value.AsSpan(), SharedPool, out var shared);
            return unpooled == (expected is not null) && pooled == unpooled
                && (expected is null || (Same(expected, plain!) && Same(expected, shared!)));
        });
    }

    [Fact]
    public void Pooled_parse_shares_repeated_sources_keys_and_values()
    {
        var pool = new Utf8StringPool();
        Assert.True(LabelSet.TryParseKvStoreForm("k8s:app=web;k8s:io.kubernetes.pod.namespace=default;".AsSpan(), pool, out var first));
        Assert.True(LabelSet.TryParseKvStoreForm("k8s:app=db;k8s:io.kubernetes.pod.namespace=default;".AsSpan(), pool, out var second));

        Assert.Same(first.ValueOf(Label.NamespaceKey), second.ValueOf(Label.NamespaceKey));
        Assert.Same(first.First().Source, second.Last().Source);
        Assert.Same(first.First().Key, second.First().Key);
    }

    private static bool Same(IReadOnlyList<Label> expected, LabelSet actual) => expected.SequenceEqual(actual);

    private static List<Label>? Reference(string text)
    {
        var labels = new List<Label>();
        foreach (var segment in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            int colon = segment.IndexOf(':', StringComparison.Ordinal), equals = segment.IndexOf('=', StringComparison.Ordinal);
            if (colon <= 0 || equals < colon + 2)
            {
                return null;
            }

            var label = new Label(segment[..colon], segment[(colon + 1)..equals], segment[(equals + 1)..]);
            if (labels.Any(l => l.Key == label.Key))
            {
                return null;
            }

            labels.Add(label);
        }

        labels.Sort();
        return labels;
    }
}
