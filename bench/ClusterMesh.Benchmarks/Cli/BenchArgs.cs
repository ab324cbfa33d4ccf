using System.Globalization;

namespace ClusterMesh.Benchmarks.Cli;

/// <summary>The command line: <c>&lt;scenario&gt; [--scale N] [--runs N] [--warmup N] [--seconds N] [--rate N] [--writers N]</c>;
/// everything after <c>micro</c> that is not one of these goes to BenchmarkDotNet.</summary>
internal sealed record BenchArgs
{
    public const string Usage = """
        usage: dotnet run -c Release --project bench/ClusterMesh.Benchmarks -- <scenario> [options]
          scenarios: replication | memory | latency | micro | all | breakdown (where an ipcache sync spends its time)
                     | services (global-service merge, incremental change, Maglev tables; --scale scales the 10,000 services)
                     | etcd-sync | etcd-churn (real etcd servers on loopback, started by the benchmark)
                     | policy (policy engine: full computation, incremental changes, lookups)
          --scale N     fraction of Cilium's scale-test totals (250k ipcache, 25k nodes, 25k identities); default 1
          --runs N      repetitions of the replication and breakdown scenarios (median reported); default 5
          --warmup N    etcd-sync: at least N unmeasured rounds of both sides, then more (15 in all at most) until two
                        rounds in a row JIT-compile fewer than 40 methods each; default 3
          --seconds N   duration of the paced latency phase; default 15
          --rate N      paced puts per second; default 325 (the scale test's churn)
          --writers N   concurrent writers of the unpaced phase; default 2
          micro: any other argument goes to BenchmarkDotNet (default --filter *)
        """;

    public required string Scenario { get; init; }

    public double Scale { get; init; } = 1.0;

    public int Runs { get; init; } = 5;

    public int Warmup { get; init; } = 3;

    public double Seconds { get; init; } = 15;

    public double Rate { get; init; } = 325;

    public int Writers { get; init; } = 2;

    public IReadOnlyList<string> Rest { get; init; } = [];

    public static BenchArgs? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            return null;
        }

        var parsed = new BenchArgs { Scenario = args[0].ToLowerInvariant() };
        var rest = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            var option = args[i];
            if (option is not ("--scale" or "--runs" or "--warmup" or "--seconds" or "--rate" or "--writers"))
            {
                rest.Add(option);
                continue;
            }

            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"{option} needs a value");
            }

            var value = double.Parse(args[++i], CultureInfo.InvariantCulture);
            parsed = option switch
            {
                "--scale" => parsed with { Scale = value },
                "--runs" => parsed with { Runs = (int)value },
                "--warmup" => parsed with { Warmup = (int)value },
                "--seconds" => parsed with { Seconds = value },
                "--rate" => parsed with { Rate = value },
                _ => parsed with { Writers = (int)value },
            };
        }

        if (parsed.Scale is <= 0 or > 4 || parsed.Runs < 1 || parsed.Warmup < 0 || parsed.Seconds <= 0 || parsed.Rate <= 0 || parsed.Writers < 1)
        {
            throw new ArgumentException("--scale must be in (0, 4], --warmup at least 0, --runs, --seconds, --rate and --writers positive");
        }

        return parsed with { Rest = rest };
    }
}
