namespace ClusterMesh.Datapath.Ebpf.Native;

/// <summary>The kernel's object names (<c>BPF_OBJ_NAME_LEN</c>): at most 15 bytes of [A-Za-z0-9_.] plus NUL.</summary>
internal static class BpfNames
{
    public const int ObjectNameLength = 16;

    /// <summary>Writes <paramref name="name"/> truncated to 15 bytes, other characters replaced by '_'.</summary>
    public static void Write(string name, Span<byte> destination)
    {
        destination.Clear();
        var length = Math.Min(name.Length, ObjectNameLength - 1);
        for (var i = 0; i < length; i++)
        {
            var c = name[i];
            destination[i] = (byte)(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' ? c : '_');
        }
    }
}
