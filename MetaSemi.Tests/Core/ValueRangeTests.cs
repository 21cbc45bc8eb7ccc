using MetaSemi.Algorithms;

namespace MetaSemi.Tests.Core;

/// <summary>
/// One range per kind of option, one message format: the options' validation, the EMA teacher and the command line
/// all read the same <see cref="ValueRange"/>.
/// </summary>
public sealed class ValueRangeTests
{
    [Theory]
    [InlineData(0.0, true, false, true)]
    [InlineData(0.5, true, true, true)]
    [InlineData(1.0, false, true, true)]
    [InlineData(-1e-12, false, false, false)]
    [InlineData(double.NaN, false, false, false)]
    [InlineData(double.PositiveInfinity, false, false, false)]
    public void The_ends_are_in_or_out_as_written(double value, bool decay, bool probability, bool fraction) =>
        Assert.Equal((decay, probability, fraction), (ValueRange.Decay.Contains(value), ValueRange.Probability.Contains(value), ValueRange.Fraction.Contains(value)));

    [Fact]
    public void Ranges_read_as_intervals_and_messages_name_the_option_the_range_and_the_value()
    {
        Assert.Equal(("[0, 1)", "(0, 1]", "[0, 1]"), (ValueRange.Decay.ToString(), ValueRange.Probability.ToString(), ValueRange.Fraction.ToString()));
        Assert.Equal("FixMatch.EmaDecay must be in [0, 1); got 1.", ValueRange.Decay.Check("FixMatch.EmaDecay", 1.0));
        Assert.Null(ValueRange.Decay.Check("FixMatch.EmaDecay", 0.999));
    }

    [Fact]
    public void The_EMA_decay_is_checked_by_the_options_and_by_the_teacher_against_the_same_range()
    {
        Assert.Contains("FixMatch.EmaDecay must be in [0, 1); got 1.", new FixMatchOptions { EmaDecay = 1.0 }.Validate());
        using var model = TrainerTestKit.Mlp(1);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new EmaTeacher(model, 1.0));

        Assert.StartsWith("The EMA decay must be in [0, 1); got 1.", error.Message, StringComparison.Ordinal);
        using var teacher = new EmaTeacher(model, 0.0);
    }

    [Fact]
    public void The_command_line_expects_the_momentum_range_the_trainer_validates()
    {
        Assert.Equal("a number in [0, 1)", MetaSemi.Cli.Commands.CliOptionFactory.MomentumRange(1.0));
        Assert.Null(MetaSemi.Cli.Commands.CliOptionFactory.MomentumRange(0.9));
        Assert.Equal("a number in (0, 1]", MetaSemi.Cli.Commands.CliOptionFactory.Fraction(0.0));
    }
}
