namespace ClusterMesh.Services.LoadBalancing;

/// <summary>Trial division is plenty for table sizes (at most a few million).</summary>
internal static class Primes
{
    public static bool IsPrime(int value)
    {
        if (value < 2)
        {
            return false;
        }

        if (value % 2 == 0)
        {
            return value == 2;
        }

        for (var divisor = 3; (long)divisor * divisor <= value; divisor += 2)
        {
            if (value % divisor == 0)
            {
                return false;
            }
        }

        return true;
    }

    public static int AtLeast(int value)
    {
        var candidate = Math.Max(2, value);
        while (!IsPrime(candidate))
        {
            candidate++;
        }

        return candidate;
    }
}
