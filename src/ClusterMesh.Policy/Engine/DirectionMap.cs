namespace ClusterMesh.Policy.Engine;

/// <summary>One identity's entries, longest prefix first, also packed into one word each for the lookup.</summary>
internal readonly record struct Slice(MapEntry[] Entries, ulong[] Packed)
{
    public static Slice Empty { get; } = new([], []);

    public static Slice Of(MapEntry[] entries) => new(entries, [.. entries.Select(Pack)]);

    /// <summary>port (bits 0-15), protocol (16-23), port prefix length (24-31), key bits (32-39).</summary>
    private static ulong Pack(MapEntry entry) =>
        entry.Key.Port | ((ulong)entry.Key.Protocol << 16) | ((ulong)entry.Key.PrefixLength << 24) | ((ulong)entry.Key.Bits << 32);

    public static int BitsOf(ulong packed) => (int)((packed >> 32) & 0xFF);

    public static bool Matches(ulong packed, byte protocol, ushort port)
    {
        var entryProtocol = (byte)(packed >> 16);
        if (entryProtocol == 0)
        {
            return true;
        }

        var length = (int)((packed >> 24) & 0xFF);
        return entryProtocol == protocol && ((port ^ (uint)(packed & 0xFFFF)) >> (16 - length)) == 0;
    }
}

/// <summary>One direction of an endpoint's policy map, as identity slices (0 = the wildcard identity).</summary>
internal sealed class DirectionMap
{
    private Slice _wildcard = Slice.Empty;
    private CompiledLookup? _compiled;

    /// <summary>The identities' slices; change them through <see cref="SetSlice"/> or <see cref="Clear"/>.</summary>
    public Dictionary<uint, Slice> ByIdentity { get; } = [];

    public Slice Wildcard
    {
        get => _wildcard;
        set
        {
            _wildcard = value;
            _compiled = null;
        }
    }

    /// <summary>The rules of this direction of the policies selecting the endpoint.</summary>
    public BoundRule[] Rules { get; set; } = [];

    /// <summary>Ports where a wildcard rule allows, and whether it redirects there.</summary>
    public Dictionary<PortKey, bool> WildcardAllowPorts { get; set; } = [];

    /// <summary>The policies that put the endpoint into default deny in this direction (empty: not enforced).</summary>
    public string[] Enforcing { get; set; } = [];

    public void Clear()
    {
        ByIdentity.Clear();
        _compiled = null;
    }

    public void SetSlice(Abstractions.Model.NumericIdentity identity, MapEntry[] entries)
    {
        _compiled = null;
        if (entries.Length == 0)
        {
            ByIdentity.Remove(identity.Value);
        }
        else
        {
            ByIdentity[identity.Value] = Slice.Of(entries);
        }
    }

    /// <summary>The datapath's lookup: the longest match of the identity's slice and of the wildcard slice; on a tie the identity's.</summary>
    public bool TryLookup(Abstractions.Model.NumericIdentity identity, byte protocol, ushort port, out MapEntry entry)
    {
        var compiled = _compiled ??= new CompiledLookup(_wildcard, ByIdentity);
        var index = compiled.Lookup(identity.Value, protocol, port);
        entry = index < 0 ? default : compiled.Details[index];
        return index >= 0;
    }

    /// <summary>Whether an allow entry decides (the lookup without copying the entry out).</summary>
    public bool Allows(Abstractions.Model.NumericIdentity identity, byte protocol, ushort port)
    {
        var compiled = _compiled ??= new CompiledLookup(_wildcard, ByIdentity);
        var index = compiled.Lookup(identity.Value, protocol, port);
        return index >= 0 && !compiled.Details[index].Value.Deny;
    }
}
