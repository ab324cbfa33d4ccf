namespace ClusterMesh.Services.LoadBalancing;

/// <summary>
/// The slots freed by a removal, and how a backend finds the first of them in its permutation: by walking the
/// permutation while free slots are plentiful, and, once they are few (walking would then probe about
/// size ÷ free positions per claim), by computing each free slot's position and taking the smallest. Both give
/// the same slot, because the positions a backend walked past are never free again during one removal.
/// </summary>
internal sealed class FreeSlots
{
    private readonly List<int> _slots;
    private readonly Dictionary<int, int> _indexOf;

    public FreeSlots(List<int> slots)
    {
        _slots = slots;
        _indexOf = new Dictionary<int, int>(slots.Count);
        for (var i = 0; i < slots.Count; i++)
        {
            _indexOf[slots[i]] = i;
        }
    }

    public int Count => _slots.Count;

    /// <summary>Claims the first free slot at or after <paramref name="position"/> of <paramref name="permutation"/>.</summary>
    public int Claim(MaglevPermutation permutation, ref int position, int[] owner, int free)
    {
        int slot;
        if ((long)_slots.Count * _slots.Count >= permutation.Size)
        {
            do
            {
                slot = permutation.Slot(position++);
            }
            while (owner[slot] != free);
        }
        else
        {
            var best = int.MaxValue;
            slot = -1;
            foreach (var candidate in _slots)
            {
                var at = permutation.PositionOf(candidate);
                if (at < best)
                {
                    (best, slot) = (at, candidate);
                }
            }

            position = best + 1;
        }

        Remove(slot);
        return slot;
    }

    private void Remove(int slot)
    {
        var index = _indexOf[slot];
        var last = _slots[^1];
        _slots[index] = last;
        _indexOf[last] = index;
        _slots.RemoveAt(_slots.Count - 1);
        _indexOf.Remove(slot);
    }
}
