namespace ClusterMesh.Datapath.Ebpf.Maps;

/// <summary>
/// The possible CPUs (<c>/sys/devices/system/cpu/possible</c>): per-CPU maps hold one value slot for each,
/// which can be more than the online CPUs.
/// </summary>
internal static class PossibleCpus
{
    private static readonly Lazy<int> Cached = new(() => Parse(File.ReadAllText("/sys/devices/system/cpu/possible")));

    /// <summary>The number of possible CPUs on this machine.</summary>
    public static int Count => Cached.Value;

    /// <summary>
    /// Counts the CPUs of a list like <c>0-3,8,10-11</c>: the kernel copies one slot per possible CPU, in order.
    /// </summary>
    public static int Parse(string text)
    {
        var count = 0;
        foreach (var part in text.Trim().Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            var first = int.Parse(dash < 0 ? part : part[..dash], System.Globalization.CultureInfo.InvariantCulture);
            var last = dash < 0 ? first : int.Parse(part[(dash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            count += last >= first ? last - first + 1 : throw new FormatException($"'{text}' is not a CPU list");
        }

        return count > 0 ? count : throw new FormatException($"'{text}' is not a CPU list");
    }
}
