using MetaSemi.Cli.Commands;

namespace MetaSemi.Tests.Cli;

/// <summary>The parser's errors a new user meets (issue 23, item 5), and the forgiving parts of the command line.</summary>
public sealed class ParseErrorMessagesTests
{
    [Fact]
    public void A_flag_given_twice_says_so_and_how_to_fix_it()
    {
        var result = new CliHarness().Run("train", "--lr", "0.1", "--lr", "0.2");

        Assert.Equal(
            ["metasemi train: --lr takes one value, but 2 were given (the flag twice, or several values after it): give --lr once, with one value.", "Run 'metasemi train --help' for the options."],
            result.ErrorLines);
    }

    [Fact]
    public void A_mistyped_command_suggests_the_nearest_and_does_not_first_complain_of_a_missing_command()
    {
        var result = new CliHarness().Run("trian");

        Assert.Equal(["metasemi: Unrecognized command or argument 'trian'. Did you mean 'train'?", "Run 'metasemi --help' for the options."], result.ErrorLines);
    }

    [Fact]
    public void A_mistyped_option_suggests_the_nearest_option_of_its_command()
    {
        var result = new CliHarness().Run("train", "--totl-steps", "5");

        Assert.Equal("metasemi train: Unrecognized command or argument '--totl-steps'. Did you mean '--total-steps'?", result.ErrorLines[0]);
    }

    [Fact]
    public void An_unrelated_word_gets_no_suggestion()
    {
        var result = new CliHarness().Run("xyzzy");

        Assert.Equal("metasemi: Unrecognized command or argument 'xyzzy'.", result.ErrorLines[0]);
    }

    [Theory]
    [InlineData("FixMatch", "fixmatch")]
    [InlineData("FREEMATCH", "freematch")]
    [InlineData("MetaSemi", "metasemi")]
    public void Algorithm_names_are_read_in_any_case_and_kept_canonical(string typed, string canonical)
    {
        var cli = new CliHarness();
        var result = cli.Run("train", "--algorithm", typed);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(canonical, cli.Train.Options!.Algorithm);
    }

    [Fact]
    public void Threads_is_a_train_option_recorded_with_the_run()
    {
        var cli = new CliHarness();
        Assert.Equal(0, cli.Run("train", "--threads", "1").ExitCode);
        Assert.Equal(1, cli.Train.Options!.Threads);
        Assert.NotEqual(0, cli.Run("train", "--threads", "-1").ExitCode);
    }

    [Theory]
    [InlineData("trian", "train", 2)]
    [InlineData("train", "train", 0)]
    [InlineData("", "abc", 3)]
    [InlineData("kitten", "sitting", 3)]
    public void Edit_distance_counts_insertions_deletions_and_substitutions(string a, string b, int expected) =>
        Assert.Equal(expected, ParseErrorMessages.EditDistance(a, b));
}
