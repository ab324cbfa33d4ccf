namespace ClusterMesh.Testing.Support;

/// <summary>
/// The project's rule for tests that need something the machine may lack (a privilege, a package): outside CI
/// they are skipped with a one-line reason; under <c>CI=true</c> they run and fail, because CI must never skip.
/// </summary>
public static class CiRequirement
{
    /// <summary>Whether the tests run under CI (<c>CI=true</c>).</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The skip reason for a test lacking <paramref name="missing"/>: <c>null</c> (run) under CI or when nothing is missing.</summary>
    public static string? SkipReason(string? missing) => IsCi ? null : missing;
}
