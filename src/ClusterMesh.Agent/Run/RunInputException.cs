namespace ClusterMesh.Agent.Run;

/// <summary>Input <c>run</c> cannot use; the message names the option or file and the field.</summary>
internal sealed class RunInputException(string message, Exception? inner = null) : Exception(message, inner);
