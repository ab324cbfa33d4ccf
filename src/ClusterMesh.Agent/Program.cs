using ClusterMesh.Agent.Cli;

return await AgentCli.RunAsync(args, Console.Out, Console.Error);
