using BenchmarkDotNet.Running;

// Runs the benchmarks named on the command line (for example: --filter '*WatchStore*').
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
