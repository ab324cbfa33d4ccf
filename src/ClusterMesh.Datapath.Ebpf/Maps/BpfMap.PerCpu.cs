namespace ClusterMesh.Datapath.Ebpf.Maps;

/// <summary>Reading per-CPU maps: one slot per possible CPU, summed.</summary>
public sealed partial class BpfMap
{
    /// <summary>
    /// For a per-CPU map of 64-bit counters (value size a multiple of 8): the counters of <paramref name="key"/>
    /// summed across all possible CPUs, or <c>null</c> when the key is absent.
    /// </summary>
    /// <exception cref="InvalidOperationException">The map is not per-CPU or its values are not 64-bit words.</exception>
    public ulong[]? SumPerCpuUInt64(ReadOnlySpan<byte> key)
    {
        if (!IsPerCpu(Spec.Type) || Spec.ValueSize % 8 != 0)
        {
            throw new InvalidOperationException($"map {Name} is not a per-CPU map of 64-bit counters");
        }

        var buffer = new byte[ValueBufferSize];
        if (!TryLookup(key, buffer))
        {
            return null;
        }

        var words = (int)Spec.ValueSize / 8;
        var stride = PerCpuStride(Spec);
        var sums = new ulong[words];
        for (var cpu = 0; cpu < PossibleCpus.Count; cpu++)
        {
            for (var word = 0; word < words; word++)
            {
                sums[word] += BitConverter.ToUInt64(buffer, (cpu * stride) + (word * 8));
            }
        }

        return sums;
    }
}
