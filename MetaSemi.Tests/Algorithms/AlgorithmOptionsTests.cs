using MetaSemi.Algorithms;

namespace MetaSemi.Tests.Algorithms;

/// <summary>The algorithms' options: USB's classic_cv defaults, validation messages naming the option, values copied at construction.</summary>
public sealed class AlgorithmOptionsTests
{
    [Fact]
    public void Defaults_are_those_of_USB_classic_cv_configs()
    {
        var pi = new PiModelOptions();
        Assert.Equal((10.0, 1, 0.4, 0.999), (pi.UnlabeledLossWeight, pi.UnlabeledRatio, pi.WarmupFraction, pi.EmaDecay));
        var pseudo = new PseudoLabelOptions();
        Assert.Equal((1.0, 1, 0.4, 0.95, MetaGradientMethod.None), (pseudo.UnlabeledLossWeight, pseudo.UnlabeledRatio, pseudo.WarmupFraction, pseudo.Threshold, pseudo.MetaCorrection));
        var teacher = new MeanTeacherOptions();
        Assert.Equal((50.0, 1, 0.4, 0.999), (teacher.UnlabeledLossWeight, teacher.UnlabeledRatio, teacher.WarmupFraction, teacher.EmaDecay));
        var fix = new FixMatchOptions();
        Assert.Equal((1.0, 7, 0.95, 0.999, 1e-2), (fix.UnlabeledLossWeight, fix.UnlabeledRatio, fix.Threshold, fix.EmaDecay, fix.MetaEpsilon));
        var flex = new FlexMatchOptions();
        Assert.Equal((1.0, 7, 0.95, true), (flex.UnlabeledLossWeight, flex.UnlabeledRatio, flex.Threshold, flex.ThresholdWarmup));
        var free = new FreeMatchOptions();
        Assert.Equal((1.0, 7, 0.999, 0.001), (free.UnlabeledLossWeight, free.UnlabeledRatio, free.ProbabilityEmaDecay, free.FairnessLossWeight));
        var soft = new SoftMatchOptions();
        Assert.Equal((1.0, 7, 0.999, 2.0, true), (soft.UnlabeledLossWeight, soft.UnlabeledRatio, soft.ProbabilityEmaDecay, soft.StandardDeviations, soft.DistributionAlignment));
    }

    [Fact]
    public void Every_algorithm_evaluates_with_its_EMA_as_USB_does_unless_the_EMA_is_turned_off()
    {
        ISemiSupervisedAlgorithm[] algorithms =
        [
            new PiModel(new PiModelOptions()), new PseudoLabel(new PseudoLabelOptions()), new MeanTeacher(new MeanTeacherOptions()),
            new FixMatch(new FixMatchOptions()), new FlexMatch(new FlexMatchOptions()), new FreeMatch(new FreeMatchOptions()), new SoftMatch(new SoftMatchOptions()),
        ];
        Assert.All(algorithms, a => Assert.True(a.Requirements.EvaluateWithEma && a.Requirements.EmaDecay == 0.999, a.Name));
        Assert.Equal(["pimodel", "pseudolabel", "meanteacher", "fixmatch", "flexmatch", "freematch", "softmatch"], algorithms.Select(a => a.Name));
        var withoutEma = new FixMatch(new FixMatchOptions { EvaluateWithEma = false }).Requirements;
        Assert.False(withoutEma.EvaluateWithEma);
        Assert.Null(withoutEma.EmaDecay);

        // Mean Teacher's step needs the EMA as its teacher whatever evaluation uses.
        var teacherKept = new MeanTeacher(new MeanTeacherOptions { EvaluateWithEma = false, EmaDecay = 0.99 }).Requirements;
        Assert.False(teacherKept.EvaluateWithEma);
        Assert.Equal(0.99, teacherKept.EmaDecay);
    }

    [Fact]
    public void Invalid_settings_are_reported_each_naming_its_option()
    {
        var fix = new FixMatchOptions { Threshold = 1.5, UnlabeledRatio = 0, UnlabeledLossWeight = -1, EmaDecay = 1.0, MetaEpsilon = 0, MetaCorrection = (MetaGradientMethod)42 };
        var errors = fix.Validate();
        foreach (var option in new[] { "FixMatch.Threshold", "FixMatch.UnlabeledRatio", "FixMatch.UnlabeledLossWeight", "FixMatch.EmaDecay", "FixMatch.MetaEpsilon", "FixMatch.MetaCorrection" })
        {
            Assert.Contains(errors, e => e.StartsWith(option, StringComparison.Ordinal));
        }

        Assert.Contains(new PseudoLabelOptions { WarmupFraction = 2 }.Validate(), e => e.StartsWith("PseudoLabel.WarmupFraction", StringComparison.Ordinal));
        Assert.Contains(new PiModelOptions { WarmupFraction = -0.1 }.Validate(), e => e.StartsWith("PiModel.WarmupFraction", StringComparison.Ordinal));
        Assert.Contains(new MeanTeacherOptions { EmaDecay = -0.5 }.Validate(), e => e.StartsWith("MeanTeacher.EmaDecay", StringComparison.Ordinal));
        Assert.Contains(new FlexMatchOptions { Threshold = 0 }.Validate(), e => e.StartsWith("FlexMatch.Threshold", StringComparison.Ordinal));
        Assert.Contains(new FreeMatchOptions { ProbabilityEmaDecay = 1 }.Validate(), e => e.StartsWith("FreeMatch.ProbabilityEmaDecay", StringComparison.Ordinal));
        Assert.Contains(new FreeMatchOptions { FairnessLossWeight = double.NaN }.Validate(), e => e.StartsWith("FreeMatch.FairnessLossWeight", StringComparison.Ordinal));
        Assert.Contains(new SoftMatchOptions { StandardDeviations = 0 }.Validate(), e => e.StartsWith("SoftMatch.StandardDeviations", StringComparison.Ordinal));
        Assert.Empty(new SoftMatchOptions().Validate());
        var thrown = Assert.Throws<ArgumentException>(() => new FixMatch(fix));
        Assert.Contains("FixMatch.Threshold", thrown.Message);
    }

    [Fact]
    public void An_algorithm_keeps_the_values_its_options_had_when_it_was_created()
    {
        var options = new FixMatchOptions { UnlabeledRatio = 3 };
        var algorithm = new FixMatch(options);
        options.UnlabeledRatio = 5;
        options.EvaluateWithEma = false;
        Assert.Equal(3, algorithm.Requirements.UnlabeledRatio);
        Assert.Equal(0.999, algorithm.Requirements.EmaDecay);
    }
}
