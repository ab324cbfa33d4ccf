using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Policy.Model;
using k8s.Models;

namespace ClusterMesh.Policy.Parsing;

/// <summary>Shared field readers; every failure names the policy and the field.</summary>
internal sealed class ParseContext(string policy)
{
    private const string NamespaceLabelPrefix = "io.cilium.k8s.namespace.labels.";

    public string PolicyName { get; } = policy;

    [DoesNotReturn]
    public void Fail(string field, string problem) => throw new PolicyValidationException(PolicyName, field, problem);

    public LabelSelector Selector(V1LabelSelector? selector, string field)
    {
        if (selector is null)
        {
            return LabelSelector.All;
        }

        var requirements = ImmutableArray.CreateBuilder<SelectorRequirement>();
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            var (source, bare) = SplitKey(key, $"{field}.matchLabels[{key}]");
            requirements.Add(new SelectorRequirement(source, bare, SelectorOperator.In, [value ?? string.Empty]));
        }

        var expressions = selector.MatchExpressions ?? [];
        for (var i = 0; i < expressions.Count; i++)
        {
            var path = $"{field}.matchExpressions[{i}]";
            var expression = expressions[i];
            var (source, bare) = SplitKey(expression.Key, path + ".key");
            var op = expression.OperatorProperty switch
            {
                "In" => SelectorOperator.In,
                "NotIn" => SelectorOperator.NotIn,
                "Exists" => SelectorOperator.Exists,
                "DoesNotExist" => SelectorOperator.DoesNotExist,
                var other => Throw<SelectorOperator>(path + ".operator", $"unknown operator '{other}' (In, NotIn, Exists, DoesNotExist)"),
            };
            var values = (expression.Values ?? []).ToImmutableArray();
            if (op is SelectorOperator.In or SelectorOperator.NotIn && values.IsEmpty)
            {
                Fail(path + ".values", $"operator {op} needs at least one value");
            }

            if (op is SelectorOperator.Exists or SelectorOperator.DoesNotExist && !values.IsEmpty)
            {
                Fail(path + ".values", $"operator {op} takes no values");
            }

            requirements.Add(new SelectorRequirement(source, bare, op, values));
        }

        return new LabelSelector(requirements.ToImmutable());
    }

    /// <summary>A namespaceSelector: its keys read namespace labels, and only pods (which have a namespace) match.</summary>
    public LabelSelector NamespaceSelector(V1LabelSelector selector, string field)
    {
        var parsed = Selector(selector, field);
        var requirements = parsed.Requirements
            .Select(r => r with { Source = null, Key = NamespaceLabelPrefix + r.Key })
            .Prepend(new SelectorRequirement(null, Label.NamespaceKey, SelectorOperator.Exists, []));
        return new LabelSelector(requirements.ToImmutableArray());
    }

    public static SelectorRequirement InNamespace(string ns) =>
        new(null, Label.NamespaceKey, SelectorOperator.In, [ns]);

    public CidrPeer Cidr(string? cidr, IEnumerable<string>? except, bool selectsEndpoints, string field)
    {
        if (!IpPrefix.TryParse(cidr, out var prefix) || string.IsNullOrEmpty(cidr))
        {
            Fail(field, $"'{cidr}' is not a CIDR");
        }

        var excepts = ImmutableArray.CreateBuilder<IpPrefix>();
        var index = 0;
        foreach (var text in except ?? [])
        {
            var path = $"{field}.except[{index++}]";
            if (!IpPrefix.TryParse(text, out var excluded))
            {
                Fail(path, $"'{text}' is not a CIDR");
            }

            if (excluded.IsIPv6 != prefix.IsIPv6 || excluded.PrefixLength < prefix.PrefixLength || !prefix.Contains(excluded.Address))
            {
                Fail(path, $"{excluded} is not inside {prefix}");
            }

            excepts.Add(excluded);
        }

        return new CidrPeer(prefix, excepts.ToImmutable(), selectsEndpoints);
    }

    public L4Protocol Protocol(string? text, L4Protocol fallback, bool allowAny, string field)
    {
        if (!L4Protocols.TryParse(text, fallback, out var protocol) || (protocol == L4Protocol.Any && !allowAny && !string.IsNullOrEmpty(text)))
        {
            Fail(field, $"unknown protocol '{text}'");
        }

        return protocol;
    }

    /// <summary>A port given as text: empty or 0 means all ports, digits a port number, else a named port.</summary>
    public PortMatch Port(string? port, int? endPort, L4Protocol protocol, string field)
    {
        if (string.IsNullOrEmpty(port) || port == "0")
        {
            if (endPort is not null and not 0)
            {
                Fail(field + ".endPort", "endPort without port");
            }

            return PortMatch.AnyPort(protocol);
        }

        if (int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            if (number is < 1 or > 65535)
            {
                Fail(field + ".port", $"port {number} is outside 1..65535");
            }

            var end = endPort ?? 0;
            if (end != 0 && (end < number || end > 65535))
            {
                Fail(field + ".endPort", $"endPort {end} must be between port {number} and 65535");
            }

            return new PortMatch(protocol, number, Math.Max(end, number), null);
        }

        if (endPort is not null and not 0)
        {
            Fail(field + ".endPort", $"endPort cannot be used with the named port '{port}'");
        }

        if (port.Length > 15 || !port.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') || !port.Any(char.IsAsciiLetterLower))
        {
            Fail(field + ".port", $"'{port}' is neither a port number nor a valid port name");
        }

        return new PortMatch(protocol, 0, 0, port);
    }

    private (string? Source, string Key) SplitKey(string? key, string field)
    {
        if (string.IsNullOrEmpty(key))
        {
            Fail(field, "empty label key");
        }

        var colon = key.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && key.AsSpan(0, colon).IndexOfAny('.', '/') < 0)
        {
            var source = key[..colon];
            return (source == "any" ? null : source, key[(colon + 1)..]);
        }

        return (null, key);
    }

    private T Throw<T>(string field, string problem)
    {
        Fail(field, problem);
        return default!;
    }
}
