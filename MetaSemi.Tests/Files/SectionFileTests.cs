using System.Security.Cryptography;
using System.Text.Json;
using MetaSemi.Files;
using MetaSemi.Tests.Cli;

namespace MetaSemi.Tests.Files;

/// <summary>The sectioned file (checkpoint format 2, model files): round trip, and every damage named.</summary>
public sealed class SectionFileTests
{
    private const string Kind = "MetaSemi.NET checkpoint";

    private static string WriteSample(TempFolder folder, out byte[] model, out byte[] optimizer)
    {
        model = RandomNumberGenerator.GetBytes(1000);
        byte[] optimizerBytes = RandomNumberGenerator.GetBytes(77);
        optimizer = optimizerBytes;
        string path = folder.File("checkpoint");
        new SectionFileWriter().Add("model", model).Add("optimizer", w => w.Write(optimizerBytes))
            .Write(path, Kind, JsonSerializer.SerializeToElement(new { step = 42L, best = 0.5 }));
        return path;
    }

    [Fact]
    public void A_written_file_reads_back_its_metadata_and_sections_in_order()
    {
        using var folder = new TempFolder();
        string path = WriteSample(folder, out var model, out var optimizer);
        var file = SectionFile.Read(path, Kind);
        Assert.Equal(["model", "optimizer"], file.SectionNames);
        Assert.Equal(model, file.Get("model"));
        Assert.Equal(optimizer, file.Get("optimizer"));
        Assert.Equal(42L, file.Metadata.GetProperty("step").GetInt64());
        Assert.Equal(0.5, file.Metadata.GetProperty("best").GetDouble());
        Assert.True(SectionFile.IsSectionFile(path, Kind));
        Assert.False(SectionFile.IsSectionFile(path, "MetaSemi.NET model"));
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void A_flipped_bit_in_a_section_names_that_section()
    {
        using var folder = new TempFolder();
        string path = WriteSample(folder, out _, out _);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[^500] ^= 0x10; // inside the 1000-byte model section (the optimizer's 77 bytes come last)
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => SectionFile.Read(path, Kind));
        Assert.Contains("section 'model' does not match its SHA-256", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void A_file_missing_its_last_byte_is_reported_truncated()
    {
        using var folder = new TempFolder();
        string path = WriteSample(folder, out _, out _);
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^1]);
        var e = Assert.Throws<InvalidDataException>(() => SectionFile.Read(path, Kind));
        Assert.Contains("section 'optimizer'", e.Message);
    }

    [Fact]
    public void A_changed_header_fails_the_header_checksum()
    {
        using var folder = new TempFolder();
        string path = WriteSample(folder, out _, out _);
        byte[] bytes = File.ReadAllBytes(path);
        int at = System.Text.Encoding.UTF8.GetString(bytes).IndexOf("42", StringComparison.Ordinal);
        bytes[at] = (byte)'9'; // step 42 → 92 without touching any section
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => SectionFile.Read(path, Kind));
        Assert.Contains("header's SHA-256 does not match", e.Message);
    }

    [Fact]
    public void Another_kind_or_a_format_one_checkpoint_is_named_as_such()
    {
        using var folder = new TempFolder();
        string path = WriteSample(folder, out _, out _);
        var e = Assert.Throws<InvalidDataException>(() => SectionFile.Read(path, "MetaSemi.NET model"));
        Assert.Contains("is not a MetaSemi.NET model file", e.Message);

        string v1 = folder.File("v1");
        using (var writer = new BinaryWriter(File.Create(v1)))
        {
            writer.Write(Kind);
            writer.Write(1);
            writer.Write(0L);
        }

        var old = Assert.Throws<InvalidDataException>(() => SectionFile.Read(v1, Kind));
        Assert.Contains("format 1", old.Message);
        Assert.False(SectionFile.IsSectionFile(v1, Kind));
    }
}
