using System.Collections;
using System.Net;
using System.Reflection;
using System.Text.Json.Serialization;
using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Abstractions.Tests.Support;

/// <summary>
/// Structural comparison of wire records: records compare their dictionaries and lists by reference, so two
/// decoded values are compared field by field (every property with a JSON name), dictionaries as key sets.
/// </summary>
public static class Structural
{
    /// <summary>The path of the first difference, or <c>null</c> when equal.</summary>
    public static string? Diff(object? expected, object? actual, string path = "$")
    {
        if (ReferenceEquals(expected, actual))
        {
            return null;
        }

        if (expected is null || actual is null)
        {
            return $"{path}: {Show(expected)} != {Show(actual)}";
        }

        if (IsLeaf(expected))
        {
            return expected.Equals(actual) ? null : $"{path}: {Show(expected)} != {Show(actual)}";
        }

        if (expected is byte[] bytes)
        {
            return actual is byte[] other && bytes.AsSpan().SequenceEqual(other) ? null : $"{path}: bytes differ";
        }

        if (expected is IDictionary map)
        {
            var otherMap = (IDictionary)actual;
            if (map.Count != otherMap.Count)
            {
                return $"{path}: {map.Count} entries != {otherMap.Count}";
            }

            foreach (DictionaryEntry entry in map)
            {
                if (!otherMap.Contains(entry.Key))
                {
                    return $"{path}[{entry.Key}]: missing";
                }

                if (Diff(entry.Value, otherMap[entry.Key], $"{path}[{entry.Key}]") is { } inner)
                {
                    return inner;
                }
            }

            return null;
        }

        if (expected is IEnumerable list)
        {
            var left = list.Cast<object?>().ToList();
            var right = ((IEnumerable)actual).Cast<object?>().ToList();
            if (left.Count != right.Count)
            {
                return $"{path}: {left.Count} items != {right.Count}";
            }

            return left.Select((item, i) => Diff(item, right[i], $"{path}[{i}]")).FirstOrDefault(d => d is not null);
        }

        if (expected.GetType() != actual.GetType())
        {
            return $"{path}: {expected.GetType().Name} != {actual.GetType().Name}";
        }

        var properties = expected.GetType()
            .GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(p => p.GetCustomAttribute<JsonPropertyNameAttribute>() is not null);
        return properties
            .Select(p => Diff(p.GetValue(expected), p.GetValue(actual), $"{path}.{p.Name}"))
            .FirstOrDefault(d => d is not null);
    }

    private static bool IsLeaf(object value) =>
        value is string or IPAddress or DateTimeOffset or IpPrefix or NumericIdentity or LabelSet or Label
        || value.GetType().IsPrimitive || value.GetType().IsEnum;

    private static string Show(object? value) => value is null ? "null" : $"'{value}'";
}
