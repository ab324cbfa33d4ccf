namespace ClusterMesh.Services.LoadBalancing;

/// <summary>
/// A seeded 64-bit hash that is the same in every process and on every machine (string.GetHashCode is not):
/// FNV-1a over the UTF-16 code units, then the splitmix64 finalizer so every input bit reaches every output bit.
/// </summary>
internal static class StableHash
{
    private const ulong FnvPrime = 0x100000001b3;
    private const ulong FnvOffset = 0xcbf29ce484222325;

    public static ulong Of(string text, ulong seed)
    {
        var hash = FnvOffset ^ Mix(seed);
        foreach (var c in text)
        {
            hash = (hash ^ (byte)c) * FnvPrime;
            hash = (hash ^ (byte)(c >> 8)) * FnvPrime;
        }

        return Mix(hash);
    }

    public static ulong Mix(ulong value)
    {
        value += 0x9e3779b97f4a7c15;
        value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9;
        value = (value ^ (value >> 27)) * 0x94d049bb133111eb;
        return value ^ (value >> 31);
    }
}
