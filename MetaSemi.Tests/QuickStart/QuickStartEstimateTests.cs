using MetaSemi.QuickStart;

namespace MetaSemi.Tests.QuickStart;

/// <summary>
/// The quick start's time estimate, fed the progress of a method whose steps take 20 ms and whose evaluations
/// (every 200th of 2 000 steps) take 0.5 s, after a 1 s start-up; the expected durations are worked out by hand.
/// </summary>
public sealed class QuickStartEstimateTests
{
    private const long Steps = 2000, Evaluations = 10;

    [Fact]
    public void Second_evaluation_of_the_first_method_extrapolates_every_method_and_offers_a_quarter_of_the_steps()
    {
        var estimate = new QuickStartEstimate(Steps, Evaluations, threads: 2);

        var lines = Feed(estimate, QuickStartMethod.Supervised, untilStep: 400);

        // Supervised: 1 s + 2 000 × 20 ms + 10 × 0.5 s = 46 s. FlexMatch costs 72/18 and MetaSemi 49/18 of a supervised
        // step on two threads: 160 s + 5 s and 108.9 s + 5 s. Total 324.9 s, 10 s of it done at step 400.
        // A quarter of the steps (500): 10 + 40 + 27.2 s of steps and 3 × 5 s of evaluations = 92.2 s.
        var line = Assert.Single(lines);
        Assert.Equal(
            "time: steps 201–400 took 20 ms each and an evaluation 0.5 s, so this method should take about 46 s and the whole "
            + "quick start about 5 min 25 s on this machine (2 torch threads; about 5 min 15 s from now). "
            + "Shorter: -- --steps 500 takes about 1 min 32 s",
            line);
    }

    [Fact]
    public void A_later_method_counts_what_the_finished_ones_took_and_scales_by_the_one_core_costs()
    {
        var estimate = new QuickStartEstimate(Steps, Evaluations, threads: 1);
        estimate.Finished(QuickStartMethod.Supervised, 50);

        // FlexMatch steps of 20 ms: its own 46 s; MetaSemi costs 60/92 of it on one core: 2 000 × 13.04 ms + 5 s = 31.1 s.
        // Total 50 + 46 + 31.1 = 127.1 s; 50 s finished and 10 s of FlexMatch done leave 67.1 s. No shorter run is
        // offered once a method has finished.
        var line = Assert.Single(Feed(estimate, QuickStartMethod.FlexMatch, untilStep: 400));
        Assert.Equal(
            "time: steps 201–400 took 20 ms each and an evaluation 0.5 s, so this method should take about 46 s and the whole "
            + "quick start about 2 min 07 s on this machine (1 torch thread; about 1 min 07 s from now)",
            line);
    }

    [Fact]
    public void No_estimate_is_given_before_the_second_evaluation_or_after_it()
    {
        var estimate = new QuickStartEstimate(Steps, Evaluations, threads: 2);

        var lines = Feed(estimate, QuickStartMethod.MetaSemi, untilStep: Steps);

        Assert.Single(lines);
    }

    [Theory]
    [InlineData(0.42, "0.4 s")]
    [InlineData(45.4, "45 s")]
    [InlineData(200, "3 min 20 s")]
    [InlineData(3900, "1 h 05 min")]
    public void Durations_read_as_people_say_them(double seconds, string expected) =>
        Assert.Equal(expected, QuickStartEstimate.Duration(seconds));

    /// <summary>Reports steps 1…<paramref name="untilStep"/> as the trainer would; returns the estimate lines.</summary>
    private static List<string> Feed(QuickStartEstimate estimate, QuickStartMethod method, long untilStep)
    {
        var lines = new List<string>();
        double seconds = 1.0;
        for (long step = 1; step <= untilStep; step++)
        {
            seconds += 0.02;
            bool evaluated = step % (Steps / Evaluations) == 0;
            if (evaluated)
            {
                seconds += 0.5;
            }

            if (estimate.Observe(method, step, evaluated, seconds) is { } line)
            {
                lines.Add(line);
            }
        }

        return lines;
    }
}
