using MetaSemi.TensorBoard;
using MetaSemi.Tests.Cli;

namespace MetaSemi.Tests.Core;

/// <summary>Our TensorBoard events files (issue 17, defect 6): the format, and the session restart that drops what a killed attempt wrote past its checkpoint.</summary>
public sealed class EventsFileWriterTests
{
    [Fact]
    public void Crc32C_and_its_mask_are_those_of_TFRecord()
    {
        // The CRC-32C check value (RFC 3720 B.4 / the Castagnoli polynomial's catalogue entry) and the mask by hand.
        Assert.Equal(0xE3069283u, TfRecordFraming.Crc32C("123456789"u8));
        uint crc = 0xE3069283u;
        Assert.Equal(unchecked(((crc >> 15) | (crc << 17)) + 0xa282ead8u), TfRecordFraming.MaskedCrc32C("123456789"u8));
    }

    [Fact]
    public void A_scalar_event_decodes_with_the_protobuf_library_TorchSharp_ships()
    {
        var bytes = EventEncoding.ScalarEvent(1234.5, 4398046511104, "train/label-loss", 0.25f);
        var e = Tensorboard.Event.Parser.ParseFrom(bytes);
        Assert.Equal(1234.5, e.WallTime);
        Assert.Equal(4398046511104, e.Step);
        var value = Assert.Single(e.Summary.Value);
        Assert.Equal("train/label-loss", value.Tag);
        Assert.Equal(0.25f, value.SimpleValue);

        var start = Tensorboard.Event.Parser.ParseFrom(EventEncoding.SessionStartEvent(1.0, 5));
        Assert.Equal(5, start.Step);
        Assert.Equal(Tensorboard.SessionLog.Types.SessionStatus.Start, start.SessionLog.Status);
        Assert.Equal("brain.Event:2", Tensorboard.Event.Parser.ParseFrom(EventEncoding.FileVersionEvent(1.0)).FileVersion);
    }

    [Fact]
    public void The_view_reads_the_events_files_TorchSharp_writes_and_keeps_their_repeated_steps()
    {
        using var folder = new TempFolder();
        var writer = TorchSharp.torch.utils.tensorboard.SummaryWriter(folder.Path, createRunName: false);
        writer.add_scalar("train/lr", 0.5f, 1);
        writer.add_scalar("train/lr", 0.25f, 1); // what a restart without a session START leaves: the step twice

        Assert.Equal([(1L, 0.5f), (1L, 0.25f)], TensorBoardView.Read(folder.Path)["train/lr"]);
    }

    [Fact]
    public void A_restarted_writer_makes_TensorBoard_discard_the_earlier_file_from_the_resumed_step_on()
    {
        using var folder = new TempFolder();
        using (var first = new EventsFileWriter(folder.Path, 0))
        {
            for (int step = 1; step <= 6; step++)
            {
                first.AddScalar("train/lr", step, step); // killed after step 6, its last checkpoint at step 4
            }
        }

        using (var resumed = new EventsFileWriter(folder.Path, 4))
        {
            for (int step = 5; step <= 8; step++)
            {
                resumed.AddScalar("train/lr", 100 + step, step);
            }
        }

        var view = TensorBoardView.Read(folder.Path);

        Assert.Equal([(1L, 1f), (2L, 2f), (3L, 3f), (4L, 4f), (5L, 105f), (6L, 106f), (7L, 107f), (8L, 108f)], view["train/lr"]);
        Assert.Equal(2, Directory.GetFiles(folder.Path, "*tfevents*").Length);
    }

    [Fact]
    public void A_record_cut_short_by_a_kill_ends_its_file_and_the_rest_still_reads()
    {
        using var folder = new TempFolder();
        string path;
        using (var writer = new EventsFileWriter(folder.Path, 0))
        {
            writer.AddScalar("train/lr", 1, 1);
            writer.AddScalar("train/lr", 2, 2);
            path = writer.Path;
        }

        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^3]);

        Assert.Equal([(1L, 1f)], TensorBoardView.Read(folder.Path)["train/lr"]);
        Assert.StartsWith("events.out.tfevents.", Path.GetFileName(path), StringComparison.Ordinal);
        Assert.Equal(EventEncoding.FileVersion, TensorBoardView.Decode(TensorBoardView.Records(path).First()).FileVersion);
    }
}
