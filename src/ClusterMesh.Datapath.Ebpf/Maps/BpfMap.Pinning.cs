using ClusterMesh.Datapath.Ebpf.Native;
using ClusterMesh.Datapath.Ebpf.Specs;
using Microsoft.Extensions.Logging;

namespace ClusterMesh.Datapath.Ebpf.Maps;

/// <summary>Pinned maps: adopted across agent restarts when compatible, replaced when not.</summary>
public sealed partial class BpfMap
{
    /// <summary>
    /// Opens the map <paramref name="spec"/> describes. A <see cref="MapPinning.ByName"/> map lives at
    /// <c><paramref name="pinDirectory"/>/&lt;name&gt;</c>: a pin left by an earlier run is adopted when its type,
    /// key and value sizes, capacity and flags match the spec, and replaced by a new, empty map (logged) when not.
    /// Other maps are created fresh. The pin directory is created, and bpffs mounted, when missing.
    /// </summary>
    /// <exception cref="BpfException">The kernel refused a step.</exception>
    public static BpfMap Open(MapSpec spec, string pinDirectory, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(pinDirectory);
        ArgumentNullException.ThrowIfNull(logger);
        if (spec.Pinning != MapPinning.ByName)
        {
            return Create(spec);
        }

        BpfFileSystem.EnsurePinDirectory(pinDirectory, logger);
        var path = Path.Combine(Path.GetFullPath(pinDirectory), spec.Name);
        if (BpfSyscall.TryGetPinned(path) is { } pinned)
        {
            var difference = Incompatibility(spec, pinned, path);
            if (difference is null)
            {
                EbpfLog.AdoptedPinnedMap(logger, spec.Name, path);
                return new BpfMap(spec, pinned, path);
            }

            pinned.Dispose();
            File.Delete(path);
            EbpfLog.ReplacedPinnedMap(logger, spec.Name, path, difference);
        }

        var map = new BpfMap(spec, CreateDescriptor(spec), path);
        try
        {
            map.WriteInitialValue();
            BpfSyscall.Pin(map.Handle, path);
        }
        catch
        {
            map.Dispose();
            throw;
        }

        EbpfLog.PinnedNewMap(logger, spec.Name, path);
        return map;
    }

    /// <summary>Reads the kernel's view of the map behind <paramref name="handle"/>.</summary>
    internal static MapInfo ReadInfo(BpfFileDescriptor handle, string target)
    {
        var info = default(MapInfo);
        BpfSyscall.GetInfo(handle, ref info, target);
        return info;
    }

    /// <summary>Why the pinned map differs from <paramref name="spec"/>, or <c>null</c> when it does not.</summary>
    private static string? Incompatibility(MapSpec spec, BpfFileDescriptor pinned, string path)
    {
        var info = ReadInfo(pinned, path);
        return info.Type != (uint)spec.Type ? $"type {info.Type}, want {(uint)spec.Type}"
            : info.KeySize != spec.KeySize ? $"key size {info.KeySize}, want {spec.KeySize}"
            : info.ValueSize != spec.ValueSize ? $"value size {info.ValueSize}, want {spec.ValueSize}"
            : info.MaxEntries != spec.MaxEntries ? $"max entries {info.MaxEntries}, want {spec.MaxEntries}"
            : info.MapFlags != spec.Flags ? $"flags 0x{info.MapFlags:x}, want 0x{spec.Flags:x}"
            : null;
    }
}
