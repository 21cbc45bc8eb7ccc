using System.Reflection;
using MetaSemi.Build;

namespace MetaSemi.Tests.Build;

public sealed class ElfVersionNeedPatcherTests : IDisposable
{
    private const string Version = "GLIBCXX_3.4.32";
    private readonly string folder = Directory.CreateTempSubdirectory("metasemi-elf-").FullName;

    /// <summary>The unpatched library as NuGet ships it (the build output holds a patched copy).</summary>
    private static string ShippedLibrary()
    {
        var root = typeof(ElfVersionNeedPatcherTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "NuGetPackageRoot").Value!;
        return Path.Combine(root, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
    }

    [Fact]
    public void Patching_the_shipped_library_sets_exactly_one_flag_bit()
    {
        var original = File.ReadAllBytes(ShippedLibrary());
        var copy = Path.Combine(folder, "libLibTorchSharp.so");
        File.WriteAllBytes(copy, original);

        var outcome = ElfVersionNeedPatcher.PatchFile(copy, Version, out var detail);

        Assert.Equal(ElfPatchOutcome.Patched, outcome);
        var patched = File.ReadAllBytes(copy);
        Assert.Equal(original.Length, patched.Length);
        var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToArray();
        int at = Assert.Single(changed);
        Assert.Equal(0x2, original[at] ^ patched[at]);
        Assert.Contains($"offset {at}", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Patching_twice_changes_nothing_the_second_time()
    {
        var copy = Path.Combine(folder, "libLibTorchSharp.so");
        File.Copy(ShippedLibrary(), copy);
        Assert.Equal(ElfPatchOutcome.Patched, ElfVersionNeedPatcher.PatchFile(copy, Version, out _));
        var once = File.ReadAllBytes(copy);
        var written = File.GetLastWriteTimeUtc(copy);
        File.SetLastWriteTimeUtc(copy, written.AddMinutes(-5));

        var outcome = ElfVersionNeedPatcher.PatchFile(copy, Version, out _);

        Assert.Equal(ElfPatchOutcome.AlreadyWeak, outcome);
        Assert.Equal(once, File.ReadAllBytes(copy));
        Assert.Equal(written.AddMinutes(-5), File.GetLastWriteTimeUtc(copy));
    }

    [Fact]
    public void A_file_that_is_not_elf_is_refused_without_writing()
    {
        var path = Path.Combine(folder, "not-elf.so");
        var text = "this is not a shared object, just some text padded out to a plausible length......."u8.ToArray();
        File.WriteAllBytes(path, text);
        var before = File.GetLastWriteTimeUtc(path);

        var outcome = ElfVersionNeedPatcher.PatchFile(path, Version, out var detail);

        Assert.Equal(ElfPatchOutcome.NotElf64, outcome);
        Assert.Contains("ELF magic", detail, StringComparison.Ordinal);
        Assert.Equal(text, File.ReadAllBytes(path));
        Assert.Equal(before, File.GetLastWriteTimeUtc(path));
        Assert.Single(Directory.GetFiles(folder));
    }

    [Fact]
    public void An_absent_version_is_reported_and_nothing_changes()
    {
        var image = File.ReadAllBytes(ShippedLibrary());
        var copy = (byte[])image.Clone();

        var outcome = ElfVersionNeedPatcher.MarkVersionWeak(copy, "GLIBCXX_9.9.99", out var detail);

        Assert.Equal(ElfPatchOutcome.VersionAbsent, outcome);
        Assert.Contains("GLIBCXX_9.9.99", detail, StringComparison.Ordinal);
        Assert.Equal(image, copy);
    }

    [Fact]
    public void A_truncated_image_is_refused_without_change()
    {
        var image = File.ReadAllBytes(ShippedLibrary()).AsSpan(0, 4096).ToArray();
        var copy = (byte[])image.Clone();

        var outcome = ElfVersionNeedPatcher.MarkVersionWeak(copy, Version, out _);

        Assert.Equal(ElfPatchOutcome.NotElf64, outcome);
        Assert.Equal(image, copy);
    }

    [Fact]
    public void The_build_output_holds_a_library_that_loads_on_this_host()
    {
        var output = Path.GetDirectoryName(typeof(ElfVersionNeedPatcherTests).Assembly.Location)!;
        var built = Path.Combine(output, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        if (!OperatingSystem.IsLinux() || !File.Exists(built))
        {
            return;
        }

        var image = File.ReadAllBytes(built);
        var outcome = ElfVersionNeedPatcher.MarkVersionWeak(image, Version, out _);
        bool? hostHas = ElfVersionNeedPatcher.HostLibStdCxxDefines(Version);
        Assert.Equal(hostHas == false ? ElfPatchOutcome.AlreadyWeak : ElfPatchOutcome.Patched, outcome);
    }

    [Fact]
    public void Host_check_finds_the_version_only_when_the_library_defines_it()
    {
        var newer = Path.Combine(folder, "libstdc++-new.so.6");
        var older = Path.Combine(folder, "libstdc++-old.so.6");
        File.WriteAllBytes(newer, "\u007fELF...GLIBCXX_3.4.31\0GLIBCXX_3.4.32\0GLIBCXX_3.4.33\0"u8.ToArray());
        File.WriteAllBytes(older, "\u007fELF...GLIBCXX_3.4.30\0GLIBCXX_3.4.321x\0"u8.ToArray());

        Assert.True(ElfVersionNeedPatcher.HostLibStdCxxDefines(Version, newer));
        Assert.False(ElfVersionNeedPatcher.HostLibStdCxxDefines(Version, older));
        Assert.Null(ElfVersionNeedPatcher.HostLibStdCxxDefines(Version, Path.Combine(folder, "absent.so.6")));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
