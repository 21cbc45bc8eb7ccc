namespace MetaSemi.Tests.Packaging;

/// <summary>
/// Writes the throw-away console app a packaging test builds: <c>Consumer.csproj</c> referencing only the given
/// packages, a <c>nuget.config</c> that adds the local feed the test packed into, and <c>Program.cs</c>.
/// </summary>
internal static class ConsumerApp
{
    /// <summary>Writes the app into <paramref name="folder"/>; <paramref name="packages"/> are (id, version) pairs.</summary>
    public static void Write(string folder, string feed, IEnumerable<(string Id, string Version)> packages, string program)
    {
        Directory.CreateDirectory(folder);
        var references = string.Concat(packages.Select(p => $"""    <PackageReference Include="{p.Id}" Version="{p.Version}" />{"\n"}"""));
        File.WriteAllText(Path.Combine(folder, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
            {references}  </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="metasemi-local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(folder, "Program.cs"), program);
    }
}
