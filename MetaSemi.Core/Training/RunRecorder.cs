using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using TorchSharp;

namespace MetaSemi;

/// <summary>
/// The run folder's outputs besides checkpoints (SPEC §6): <c>metrics.csv</c> (one row per step),
/// TensorBoard scalars with the reference's names, and <c>options.json</c>.
/// </summary>
internal sealed class RunRecorder : IDisposable
{
    private static readonly string[] Columns =
    [
        "step", "train/lr", "train/weight", "train/loss", "train/label-loss", "train/unlabel-loss", "train/interp-loss",
        "train/label-acc", "train/unlabel-acc", "time/data", "time/compute", "test/accuracy", "test/top5-accuracy",
    ];

    private readonly StreamWriter _csv;
    private readonly TorchSharp.Modules.SummaryWriter? _tensorBoard;

    /// <summary>
    /// Opens the run folder's outputs for a run that has completed <paramref name="completedSteps"/> steps
    /// (a resumed run: its checkpoint's step). Rows of <c>metrics.csv</c> past that step were written by
    /// an earlier attempt after its last checkpoint and will be written again, so they are dropped first.
    /// </summary>
    public RunRecorder(string folder, long completedSteps, Action<string> reportTensorBoardFailure)
    {
        Directory.CreateDirectory(folder);
        string csvPath = Path.Combine(folder, "metrics.csv");
        if (File.Exists(csvPath))
        {
            DropRowsAfter(csvPath, completedSteps);
        }

        bool isNew = !File.Exists(csvPath);
        _csv = new StreamWriter(csvPath, append: true);
        if (isNew)
        {
            _csv.WriteLine(string.Join(',', Columns));
        }

        try
        {
            _tensorBoard = torch.utils.tensorboard.SummaryWriter(folder, createRunName: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or TypeLoadException or FileNotFoundException)
        {
            reportTensorBoardFailure(e.Message);
        }
    }

    /// <summary>
    /// Rewrites <paramref name="csvPath"/> without the rows whose step is past <paramref name="completedSteps"/>
    /// and without a last row cut short by a crash (no line end), through a temporary file and a rename
    /// so that a crash here leaves the old file whole. Leaves the file alone when every row stays.
    /// </summary>
    internal static void DropRowsAfter(string csvPath, long completedSteps)
    {
        bool lastLineEnded;
        using (var probe = File.OpenRead(csvPath))
        {
            lastLineEnded = probe.Length == 0 || (probe.Seek(-1, SeekOrigin.End) >= 0 && probe.ReadByte() == '\n');
        }

        // Streamed line by line: a long run's file has hundreds of thousands of rows.
        string temporary = csvPath + ".tmp";
        bool dropped = !lastLineEnded;
        int kept = 0;
        using (var reader = new StreamReader(csvPath))
        using (var writer = new StreamWriter(temporary))
        {
            bool isHeader = true;
            for (string? line = reader.ReadLine(), next = reader.ReadLine(); line is not null; line = next, next = reader.ReadLine())
            {
                if (next is null && !lastLineEnded)
                {
                    break;
                }

                if (!isHeader && !(long.TryParse(line.AsSpan(0, Math.Max(0, line.IndexOf(','))), NumberStyles.None, CultureInfo.InvariantCulture, out long step)
                    && step <= completedSteps))
                {
                    dropped = true;
                    continue;
                }

                isHeader = false;
                writer.WriteLine(line);
                kept++;
            }
        }

        if (kept == 0)
        {
            // Not even a whole header: start the file afresh.
            File.Delete(temporary);
            File.Delete(csvPath);
        }
        else if (!dropped)
        {
            File.Delete(temporary);
        }
        else
        {
            File.Move(temporary, csvPath, overwrite: true);
        }
    }

    public static void WriteOptions(string folder, object description)
    {
        Directory.CreateDirectory(folder);
        var json = JsonSerializer.Serialize(description, JsonOptions);
        File.WriteAllText(Path.Combine(folder, "options.json"), json);
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public void Record(TrainingProgress progress)
    {
        var evaluation = progress.Evaluation;
        double[] values =
        [
            progress.LearningRate, progress.ConsistencyWeight, progress.Loss, progress.LabelLoss, progress.UnlabelLoss, progress.InterpLoss,
            progress.LabelAccuracy, progress.UnlabelAccuracy, progress.DataSeconds, progress.ComputeSeconds,
            evaluation?.Top1 ?? double.NaN, evaluation?.Top5 ?? double.NaN,
        ];
        _csv.Write(progress.Step.ToString(CultureInfo.InvariantCulture));
        foreach (double value in values)
        {
            _csv.Write(',');
            if (!double.IsNaN(value))
            {
                _csv.Write(value.ToString("R", CultureInfo.InvariantCulture));
            }
        }

        _csv.WriteLine();
        if (evaluation is not null)
        {
            _csv.Flush();
        }

        if (_tensorBoard is null)
        {
            return;
        }

        int step = checked((int)progress.Step);
        Scalar("train/label-acc", progress.LabelAccuracy, step);
        Scalar("train/unlabel-acc", progress.UnlabelAccuracy, step);
        Scalar("train/label-loss", progress.LabelLoss, step);
        Scalar("train/unlabel-loss", progress.UnlabelLoss, step);
        Scalar("train/interp-loss", progress.InterpLoss, step);
        Scalar("train/lr", progress.LearningRate, step);
        if (evaluation is not null)
        {
            Scalar("test/accuracy", evaluation.Top1, step);
            if (evaluation.Top5 is double top5)
            {
                Scalar("test/top5-accuracy", top5, step);
            }
        }
    }

    private void Scalar(string tag, double value, int step)
    {
        if (!double.IsNaN(value))
        {
            _tensorBoard!.add_scalar(tag, (float)value, step);
        }
    }

    public void Flush() => _csv.Flush();

    public void Dispose() => _csv.Dispose();
}
