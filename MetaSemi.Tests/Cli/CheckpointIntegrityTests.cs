using System.Text;
using MetaSemi.Cli.Commands;
using MetaSemi.Cli.Running;
using TorchSharp;

namespace MetaSemi.Tests.Cli;

/// <summary>
/// Checkpoint integrity and <c>model_best</c> (issue 17, defects 3 and 5): damage is found on load and named — a flipped
/// bit in the weights, a changed step, a missing last byte, fields no run writes — and a <c>model_best</c> that a kill
/// left missing or damaged is rebuilt from the checkpoint on resume.
/// </summary>
public sealed class CheckpointIntegrityTests(ThreeStepRunFixture threeSteps) : IClassFixture<ThreeStepRunFixture>
{
    private static string[] Train(string run, int steps) => ResumeExactnessTests.Arguments("train", "finite-difference", run, steps);

    private static CliResult Evaluate(string checkpoint, string folder) =>
        CliHarness.Run(CommandHandlers.Default, "evaluate", "--checkpoint", checkpoint, "--dataset", "fashion-mnist",
            "--data-path", ShippedData.FashionMnistSmall, "-a", "small-cnn", "--save-path", folder);

    public static TheoryData<string, string> Damages => new()
    {
        { "a flipped bit in the weights", "section 'model' does not match its SHA-256" },
        { "a changed step", "the header's SHA-256 does not match" },
        { "the last byte missing", "is damaged or truncated: section 'algorithm' needs 4 bytes, 3 are left" },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public void A_damaged_checkpoint_is_refused_by_evaluate_and_resume_naming_the_file_and_the_part(string damage, string expected)
    {
        using var folder = new TempFolder();
        var run = threeSteps.CopyTo(folder.File("run"));
        var checkpoint = Path.Combine(run, "checkpoint");
        var bytes = File.ReadAllBytes(checkpoint);
        switch (damage)
        {
            case "a flipped bit in the weights":
                bytes[bytes.Length / 4] ^= 0x10; // inside the model: the first section, about half the file
                break;
            case "a changed step":
                var text = Encoding.UTF8.GetString(bytes);
                int at = Encoding.UTF8.GetByteCount(text[..text.IndexOf("\"step\":3", StringComparison.Ordinal)]) + "\"step\":".Length;
                bytes[at] = (byte)'7';
                break;
            default:
                bytes = bytes[..^1];
                break;
        }

        File.WriteAllBytes(checkpoint, bytes);

        var evaluate = Evaluate(checkpoint, folder.File("evaluation"));
        var resume = CliHarness.Run(CommandHandlers.Default, [.. Train(run, 6), "--resume", checkpoint]);

        foreach (var result in new[] { evaluate, resume })
        {
            Assert.Equal(CliApplication.FailureExitCode, result.ExitCode);
            var line = Assert.Single(result.ErrorLines);
            Assert.Contains($"'{checkpoint}'", line, StringComparison.Ordinal);
            Assert.Contains(expected, line, StringComparison.Ordinal);
            Assert.DoesNotContain("another architecture", line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Fields_no_run_writes_are_damage_named_on_load()
    {
        using var folder = new TempFolder();
        using var model = torch.nn.Linear(2, 2);
        using var optimizer = torch.optim.SGD(model.parameters(), 0.1);
        using var generator = new torch.Generator(1);
        var path = folder.File("checkpoint");
        Checkpoint.Save(path, new CheckpointInfo(Step: 4, BestAccuracy: 0.5, BestStep: 9, Seed: 1, StreamPosition: 4, ModelBestStep: 4, Algorithm: "metasemi"), model, optimizer, generator);

        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.ReadInfo(path));

        Assert.Equal($"'{path}' is damaged: the best accuracy's step 9 is not within the checkpoint's steps 0 to 4.", e.Message);
        Assert.Throws<InvalidDataException>(() => Checkpoint.LoadModel(path, model));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("damaged")]
    public void A_model_best_that_a_kill_left_missing_or_damaged_is_rebuilt_from_the_checkpoint_on_resume(string state)
    {
        using var folder = new TempFolder();
        var run = threeSteps.CopyTo(folder.File("run"));
        var modelBest = Path.Combine(run, "model_best");
        Assert.Equal(3, Checkpoint.ReadInfo(Path.Combine(run, "checkpoint")).ModelBestStep); // the first evaluation is the best
        if (state == "missing")
        {
            File.Delete(modelBest);
        }
        else
        {
            File.WriteAllBytes(modelBest, File.ReadAllBytes(modelBest)[..100]);
        }

        var result = CliHarness.Run(CommandHandlers.Default, [.. Train(run, 3), "--resume", Path.Combine(run, "checkpoint")]);

        Assert.True(result.ExitCode == 0, result.Error + result.Output);
        Assert.Equal(3, Checkpoint.ReadInfo(modelBest).Step);
        Assert.Equal(File.ReadAllBytes(Path.Combine(run, "checkpoint")), File.ReadAllBytes(modelBest));
        Assert.Contains(File.ReadAllLines(Path.Combine(run, RunLogging.FileName)), l => l.Contains($"{modelBest} {(state == "missing" ? "is missing" : "is damaged")}", StringComparison.Ordinal)
            && l.Contains("copied from the checkpoint again", StringComparison.Ordinal));
    }

    [Fact]
    public void The_live_best_after_a_resume_counts_the_evaluations_before_it()
    {
        using var folder = new TempFolder();
        var run = threeSteps.CopyTo(folder.File("run"));
        var checkpoint = Path.Combine(run, "checkpoint");
        using (var model = DatasetInputs.CreateModel("small-cnn", 10, 1))
        using (var optimizer = torch.optim.SGD(model.parameters(), 0.05, 0.9, 0, 1e-4))
        using (var generator = new torch.Generator(7))
        using (var state = Checkpoint.RestoreState(checkpoint, model, optimizer, generator))
        {
            // A best no 6-step run of this tiny network reaches: only the restored value can show it.
            Checkpoint.Save(checkpoint, state.Info with { BestAccuracy = 0.99 }, model, optimizer, generator, state.Ema, state.Algorithm);
        }

        var result = CliHarness.Run(CommandHandlers.Default, [.. Train(run, 6), "--resume", checkpoint]);

        Assert.True(result.ExitCode == 0, result.Error + result.Output);
        Assert.Contains(result.Output.Split('\n'), l => l.Contains("step 6: test accuracy ", StringComparison.Ordinal) && l.Contains("(best 99.00 %)", StringComparison.Ordinal));
    }

    [MetaSemi.Tests.Core.Precision.BFloat16Fact]
    public void A_float32_run_resumed_with_bf16_is_refused_in_one_line_naming_both_and_keeps_its_checkpoint()
    {
        using var folder = new TempFolder();
        var run = threeSteps.CopyTo(folder.File("run"));
        var checkpoint = Path.Combine(run, "checkpoint");
        var before = File.ReadAllBytes(checkpoint);

        var result = CliHarness.Run(CommandHandlers.Default, [.. Train(run, 6), "--resume", checkpoint, "--precision", "bf16"]);

        Assert.Equal(CliApplication.FailureExitCode, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        // The CLI refuses from args.json before the trainer opens the checkpoint (which would refuse too: PrecisionResumeTests).
        Assert.Equal(
            $"metasemi train: '{Path.Combine(run, "args.json")}' records --precision float32 (this resume: b-float16): a resume continues the same run, so give the options it was started with, or resume into another --save-path.",
            line);
        Assert.Equal(before, File.ReadAllBytes(checkpoint));
    }
}
