using System.Diagnostics;
using System.Runtime;
using ClusterMesh.Benchmarks.Cli;
using ClusterMesh.Benchmarks.Scenarios;

BenchArgs? parsed;
try
{
    parsed = BenchArgs.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(BenchArgs.Usage);
    return 2;
}

if (parsed is null)
{
    Console.WriteLine(BenchArgs.Usage);
    return 0;
}

Console.WriteLine($"ClusterMesh.Sdk benchmarks — {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, " +
    $".NET {Environment.Version}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC{(GCSettings.LatencyMode == GCLatencyMode.Interactive ? " (concurrent)" : string.Empty)}, scale {parsed.Scale}");
#if DEBUG
Console.WriteLine("WARNING: Debug build; run with -c Release");
#endif
var total = Stopwatch.StartNew();
var allMet = true;
switch (parsed.Scenario)
{
    case "replication":
        allMet = await ReplicationScenario.RunAsync(parsed);
        break;
    case "memory":
        allMet = await MemoryScenario.RunAsync(parsed);
        break;
    case "latency":
        allMet = await LatencyScenario.RunAsync(parsed);
        break;
    case "breakdown":
        await BreakdownScenario.RunAsync(parsed);
        break;
    case "services":
        allMet = await ClusterMesh.Benchmarks.Services.ServicesScenario.RunAsync(parsed);
        break;
    case "etcd-sync":
        allMet = await EtcdSyncScenario.RunAsync(parsed);
        break;
    case "etcd-churn":
        allMet = await EtcdChurnScenario.RunAsync(parsed);
        break;
    case "policy":
        allMet = PolicyScenario.Run(parsed);
        break;
    case "micro":
        return MicroScenario.Run(parsed.Rest);
    case "all":
        allMet &= await ReplicationScenario.RunAsync(parsed);
        allMet &= await MemoryScenario.RunAsync(parsed);
        allMet &= await LatencyScenario.RunAsync(parsed);
        allMet &= MicroScenario.Run(parsed.Rest) == 0;
        break;
    default:
        Console.Error.WriteLine($"unknown scenario '{parsed.Scenario}'");
        Console.Error.WriteLine(BenchArgs.Usage);
        return 2;
}

Console.WriteLine();
Console.WriteLine($"{parsed.Scenario}: {(allMet ? "every goal met" : "a goal was missed")} ({total.Elapsed.TotalSeconds:0} s)");

// Goals are reported, not enforced: a missed goal is a finding, not a crash.
return 0;
