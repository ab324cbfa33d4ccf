using ClusterMesh.Datapath.Ebpf.Maps;
using ClusterMesh.Datapath.Ebpf.Specs;
using Microsoft.Extensions.Logging;

namespace ClusterMesh.Datapath.Ebpf.Programs;

/// <summary>The live maps and programs of one <see cref="CollectionSpec"/>.</summary>
public sealed class BpfCollection : IDisposable
{
    private BpfCollection(IReadOnlyDictionary<string, BpfMap> maps, IReadOnlyDictionary<string, BpfProgram> programs)
    {
        Maps = maps;
        Programs = programs;
    }

    /// <summary>The maps by name.</summary>
    public IReadOnlyDictionary<string, BpfMap> Maps { get; }

    /// <summary>The programs by name.</summary>
    public IReadOnlyDictionary<string, BpfProgram> Programs { get; }

    /// <summary>
    /// Creates (or, for pinned maps, adopts — see <see cref="BpfMap.Open"/>) every map of <paramref name="spec"/>
    /// under <paramref name="pinDirectory"/>, then loads every program against them. On failure everything
    /// already opened is closed again.
    /// </summary>
    /// <exception cref="BpfVerifierException">The verifier rejected a program.</exception>
    /// <exception cref="BpfException">The kernel refused a map or program.</exception>
    public static BpfCollection Load(CollectionSpec spec, string pinDirectory, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(pinDirectory);
        ArgumentNullException.ThrowIfNull(logger);
        var maps = new Dictionary<string, BpfMap>(StringComparer.Ordinal);
        var programs = new Dictionary<string, BpfProgram>(StringComparer.Ordinal);
        try
        {
            foreach (var (name, mapSpec) in spec.Maps)
            {
                maps[name] = BpfMap.Open(mapSpec, pinDirectory, logger);
            }

            foreach (var (name, programSpec) in spec.Programs)
            {
                programs[name] = BpfProgram.Load(programSpec, maps, logger);
            }

            return new BpfCollection(maps, programs);
        }
        catch
        {
            DisposeAll(maps.Values, programs.Values);
            throw;
        }
    }

    /// <summary>Closes every descriptor; pinned maps and attached programs live on.</summary>
    public void Dispose() => DisposeAll(Maps.Values, Programs.Values);

    private static void DisposeAll(IEnumerable<BpfMap> maps, IEnumerable<BpfProgram> programs)
    {
        foreach (var program in programs)
        {
            program.Dispose();
        }

        foreach (var map in maps)
        {
            map.Dispose();
        }
    }
}
