namespace ClusterMesh.Services.LoadBalancing;

/// <summary>
/// A Maglev table maintained incrementally, so a backend change disturbs as few connections as possible:
/// removing a backend hands only its own slots to the others (each claims the next freed slot of its own
/// permutation, the backend with the fewest slots first, so shares stay equal); adding one lets it take slots
/// along its permutation from the backends above the new fair share until it holds that share. Every other slot
/// keeps its backend. <see cref="Build"/> is the full, deterministic rebuild (plain Maglev).
/// </summary>
/// <remarks>
/// The result of an incremental change depends on the table it started from, so two processes with different
/// histories can hold different (equally balanced) tables for the same backends; rebuild both to make them agree.
/// Shares stay within one slot of each other when they start that way, which <see cref="Build"/> guarantees.
/// Not thread-safe: the owner serialises changes.
/// </remarks>
public sealed class MaglevTable
{
    private const int Free = -1;
    private readonly int[] _owner;
    private readonly Dictionary<string, Member> _members = new(StringComparer.Ordinal);
    private readonly List<Member?> _byId = [];
    private readonly Stack<int> _freeIds = new();

    private MaglevTable(int size)
    {
        _owner = new int[size];
        Array.Fill(_owner, Free);
    }

    /// <summary>The number of slots (a prime).</summary>
    public int Size => _owner.Length;

    /// <summary>The number of backends.</summary>
    public int Count => _members.Count;

    /// <summary>The backend keys, in ordinal order.</summary>
    public IReadOnlyList<string> Keys => [.. _members.Keys.Order(StringComparer.Ordinal)];

    /// <summary>A full, deterministic build over <paramref name="backendKeys"/> (distinct), as <see cref="Maglev.Populate"/>.</summary>
    /// <exception cref="ArgumentException">The size is not prime or a key repeats.</exception>
    public static MaglevTable Build(IReadOnlyList<string> backendKeys, int tableSize = Maglev.DefaultTableSize)
    {
        ArgumentNullException.ThrowIfNull(backendKeys);
        var slots = Maglev.Populate(backendKeys, tableSize);
        var table = new MaglevTable(tableSize);
        foreach (var key in backendKeys)
        {
            if (table._members.ContainsKey(key))
            {
                throw new ArgumentException($"the backend key '{key}' repeats", nameof(backendKeys));
            }

            table.Join(key);
        }

        for (var slot = 0; slot < slots.Length; slot++)
        {
            table.Assign(slot, table._byId[slots[slot]]!);
        }

        return table;
    }

    /// <summary>How many slots <paramref name="backendKey"/> holds (0 when it is not a backend).</summary>
    public int ShareOf(string backendKey) => _members.TryGetValue(backendKey, out var member) ? member.Count : 0;

    /// <summary>The backend key of a slot, or null when the table has no backend.</summary>
    public string? KeyAt(int slot) => _owner[slot] == Free ? null : _byId[_owner[slot]]!.Key;

    /// <summary>Slot → index into <paramref name="order"/> (which must hold exactly this table's keys); empty without backends.</summary>
    public int[] SlotsIndexedBy(IReadOnlyList<string> order)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (Count == 0)
        {
            return [];
        }

        var indexOfId = new int[_byId.Count];
        for (var i = 0; i < order.Count; i++)
        {
            indexOfId[_members[order[i]].Id] = i;
        }

        var slots = new int[Size];
        for (var slot = 0; slot < slots.Length; slot++)
        {
            slots[slot] = indexOfId[_owner[slot]];
        }

        return slots;
    }

    /// <summary>Removes and then adds backends until the table holds exactly <paramref name="backendKeys"/>.</summary>
    public void Update(IEnumerable<string> backendKeys)
    {
        var wanted = backendKeys.ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _members.Keys.Where(k => !wanted.Contains(k)).Order(StringComparer.Ordinal).ToList())
        {
            Remove(gone);
        }

        foreach (var added in wanted.Where(k => !_members.ContainsKey(k)).Order(StringComparer.Ordinal))
        {
            Add(added);
        }
    }

    /// <summary>Removes a backend: its slots go to the others, every other slot stays. False when absent.</summary>
    public bool Remove(string backendKey)
    {
        if (!_members.Remove(backendKey, out var victim))
        {
            return false;
        }

        _byId[victim.Id] = null;
        _freeIds.Push(victim.Id);
        var freed = new List<int>();
        for (var slot = 0; slot < _owner.Length; slot++)
        {
            if (_owner[slot] == victim.Id)
            {
                _owner[slot] = Free;
                freed.Add(slot);
            }
        }

        if (_members.Count == 0)
        {
            return true;
        }

        // The backend with the fewest slots claims next (ties by key), so shares stay within one of each other.
        var queue = new PriorityQueue<Member, (int Count, string Key)>(Comparer<(int Count, string Key)>.Create(
            (a, b) => a.Count != b.Count ? a.Count.CompareTo(b.Count) : string.CompareOrdinal(a.Key, b.Key)));
        var position = new Dictionary<Member, int>();
        foreach (var member in _members.Values)
        {
            queue.Enqueue(member, (member.Count, member.Key));
            position[member] = 0;
        }

        var free = new FreeSlots(freed);
        while (free.Count > 0)
        {
            var claimer = queue.Dequeue();
            var next = position[claimer];
            var slot = free.Claim(claimer.Permutation, ref next, _owner, Free);
            position[claimer] = next;
            Assign(slot, claimer);
            queue.Enqueue(claimer, (claimer.Count, claimer.Key));
        }

        return true;
    }

    /// <summary>
    /// Adds a backend: it takes slots along its permutation from backends above the new fair share until it
    /// holds that share (⌊size / backends⌋); every other slot stays. False when already present.
    /// </summary>
    public bool Add(string backendKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(backendKey);
        if (_members.ContainsKey(backendKey))
        {
            return false;
        }

        var others = _members.Values.ToList();
        var newcomer = Join(backendKey);
        var fair = Size / (others.Count + 1);
        var remaining = others.Count == 0 ? Size : fair;

        // Slots the others must give up in any case to end at most one above the fair share.
        var mandatory = others.Sum(m => Math.Max(0, m.Count - (fair + 1)));
        for (var position = 0; remaining > 0 && position < 2 * Size; position++)
        {
            var slot = newcomer.Permutation.Slot(position);
            var owner = _owner[slot] == Free ? null : _byId[_owner[slot]];
            if (owner == newcomer)
            {
                continue;
            }

            var takes = owner is null || owner.Count > fair + 1 || (owner.Count == fair + 1 && remaining > mandatory);
            if (!takes)
            {
                continue;
            }

            if (owner is not null && owner.Count > fair + 1)
            {
                mandatory--;
            }

            Assign(slot, newcomer);
            remaining--;
        }

        return true;
    }

    private Member Join(string key)
    {
        // Ids of removed backends are reused, so churn does not grow the id space.
        var member = new Member(key, _freeIds.TryPop(out var id) ? id : _byId.Count, MaglevPermutation.Of(key, Size));
        if (member.Id == _byId.Count)
        {
            _byId.Add(member);
        }
        else
        {
            _byId[member.Id] = member;
        }

        _members.Add(key, member);
        return member;
    }

    private void Assign(int slot, Member member)
    {
        if (_owner[slot] != Free)
        {
            _byId[_owner[slot]]!.Count--;
        }

        _owner[slot] = member.Id;
        member.Count++;
    }

    private sealed class Member(string key, int id, MaglevPermutation permutation)
    {
        public string Key { get; } = key;

        public int Id { get; } = id;

        public MaglevPermutation Permutation { get; } = permutation;

        public int Count { get; set; }
    }
}
