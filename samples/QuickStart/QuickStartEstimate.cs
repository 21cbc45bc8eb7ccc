using System.Globalization;

namespace MetaSemi.QuickStart;

/// <summary>
/// How long the quick start should take on this machine, measured from its first steps. Each method evaluates every
/// tenth of its steps; between its first and second evaluation (past the start-up, one evaluation included) its
/// time per step and per evaluation are measured and extrapolated to all its steps. Methods not started yet are
/// scaled from that by their per-step cost relative to the supervised baseline; finished ones count what they took.
/// </summary>
internal sealed class QuickStartEstimate(long steps, long evaluations, int threads)
{
    private readonly Dictionary<QuickStartMethod, double> _finished = [];
    private QuickStartMethod? _method;
    private int _evaluationsSeen;
    private double _previousStepAt, _lastStepAt;
    private (long Step, double Seconds) _windowStart;

    /// <summary>
    /// The time per step of each method relative to the supervised baseline's, measured by this class (steps
    /// 201–400 of the defaults, 2026-12-06, docs/quickstart.md "On one core"): on one core (taskset, one torch thread)
    /// supervised 19 ms, FlexMatch 92 ms, MetaSemi 60 ms a step; on two cores 18 ms, 72 ms and 49 ms. FlexMatch's
    /// μ·2 extra views cost more where only one core computes them.
    /// </summary>
    public static double CostRelativeToSupervised(QuickStartMethod method, int threads) => method switch
    {
        QuickStartMethod.Supervised => 1.0,
        QuickStartMethod.FlexMatch => threads <= 1 ? 92.0 / 19 : 72.0 / 18,
        _ => threads <= 1 ? 60.0 / 19 : 49.0 / 18,
    };

    /// <summary>Records that <paramref name="method"/> finished after <paramref name="seconds"/>.</summary>
    public void Finished(QuickStartMethod method, double seconds) => _finished[method] = seconds;

    /// <summary>
    /// Takes the progress report of <paramref name="method"/> after <paramref name="step"/> (and its evaluation when
    /// <paramref name="evaluated"/>), <paramref name="seconds"/> into the method; returns the estimate line at its
    /// second evaluation, otherwise null.
    /// </summary>
    public string? Observe(QuickStartMethod method, long step, bool evaluated, double seconds)
    {
        if (_method != method)
        {
            (_method, _evaluationsSeen, _previousStepAt, _lastStepAt, _windowStart) = (method, 0, 0, 0, (0, 0));
        }

        if (!evaluated)
        {
            (_previousStepAt, _lastStepAt) = (_lastStepAt, seconds);
            return null;
        }

        // This report comes after the step and its evaluation, the previous one after the step before.
        double stepDoneAt = _lastStepAt + (_lastStepAt - _previousStepAt);
        var window = (Steps: step - _windowStart.Step, Seconds: stepDoneAt - _windowStart.Seconds);
        double evaluationSeconds = Math.Max(0, seconds - stepDoneAt);
        _windowStart = (step, seconds);
        _evaluationsSeen++;
        return _evaluationsSeen == 2 && step < steps && window.Steps >= 2
            ? Line(method, step, seconds, window.Steps, window.Seconds, evaluationSeconds)
            : null;
    }

    private string Line(QuickStartMethod method, long step, double seconds, long windowSteps, double windowSeconds, double evaluationSeconds)
    {
        double perStep = windowSeconds / windowSteps;
        double supervisedPerStep = perStep / CostRelativeToSupervised(method, threads);
        // A method of n steps still evaluates as often (every tenth of its steps).
        double Expected(QuickStartMethod m, long n) =>
            supervisedPerStep * CostRelativeToSupervised(m, threads) * n + evaluationSeconds * evaluations;

        double methodSeconds = seconds + perStep * (steps - step) + evaluationSeconds * (evaluations - _evaluationsSeen);
        double total = Enum.GetValues<QuickStartMethod>()
            .Sum(m => m == method ? methodSeconds : _finished.TryGetValue(m, out double took) ? took : Expected(m, steps));
        double remaining = total - _finished.Values.Sum() - seconds;
        string line = string.Create(CultureInfo.InvariantCulture,
            $"time: steps {step - windowSteps + 1}–{step} took {perStep * 1000:F0} ms each and an evaluation {Duration(evaluationSeconds)}, "
            + $"so this method should take about {Duration(methodSeconds)} and the whole quick start about {Duration(total)} on this machine "
            + $"({threads} torch thread{(threads == 1 ? "" : "s")}; about {Duration(Math.Max(0, remaining))} from now)");
        if (_finished.Count == 0)
        {
            long shorter = Math.Max(1, steps / 4);
            double shorterTotal = Enum.GetValues<QuickStartMethod>().Sum(m => Expected(m, shorter));
            line += string.Create(CultureInfo.InvariantCulture, $". Shorter: -- --steps {shorter} takes about {Duration(shorterTotal)}");
        }

        return line;
    }

    /// <summary>A duration as people say it: "0.4 s", "45 s", "3 min 20 s", "1 h 05 min".</summary>
    public static string Duration(double seconds)
    {
        long whole = (long)Math.Round(seconds);
        return whole switch
        {
            < 10 => string.Create(CultureInfo.InvariantCulture, $"{seconds:F1} s"),
            < 60 => string.Create(CultureInfo.InvariantCulture, $"{whole} s"),
            < 3600 => string.Create(CultureInfo.InvariantCulture, $"{whole / 60} min {whole % 60:D2} s"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{whole / 3600} h {whole % 3600 / 60:D2} min"),
        };
    }
}
