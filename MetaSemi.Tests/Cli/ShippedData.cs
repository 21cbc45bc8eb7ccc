using System.Reflection;

namespace MetaSemi.Tests.Cli;

/// <summary>The small Fashion-MNIST subset shipped in the repository (samples/data/fashion-mnist-small).</summary>
internal static class ShippedData
{
    public static string RepositoryRoot { get; } = typeof(ShippedData).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    public static string FashionMnistSmall { get; } = Path.Combine(RepositoryRoot, "samples", "data", "fashion-mnist-small");
}
