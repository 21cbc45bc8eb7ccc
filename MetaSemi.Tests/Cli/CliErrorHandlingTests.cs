using MetaSemi.Cli.Commands;

namespace MetaSemi.Tests.Cli;

public class CliErrorHandlingTests
{
    [Fact]
    public void A_user_error_from_a_handler_prints_one_line_and_exits_1()
    {
        var cli = new CliHarness();
        cli.Train.Behaviour = _ => throw new CliUserException("no CIFAR-10 files in 'data/cifar10': looked for data_batch_1.bin … test_batch.bin");

        var result = cli.Run("train");

        Assert.Equal(CliApplication.FailureExitCode, result.ExitCode);
        Assert.Equal(["metasemi train: no CIFAR-10 files in 'data/cifar10': looked for data_batch_1.bin … test_batch.bin"], result.ErrorLines);
    }

    [Fact]
    public void Verbose_adds_the_stack_trace()
    {
        var cli = new CliHarness();
        cli.Train.Behaviour = _ => throw new InvalidDataException("checkpoint is a shakeshake26 model, not convlarge", new IOException("inner detail"));

        var result = cli.Run("train", "--verbose");

        Assert.Equal(CliApplication.FailureExitCode, result.ExitCode);
        Assert.Equal("metasemi train: checkpoint is a shakeshake26 model, not convlarge (inner detail)", result.ErrorLines[0]);
        Assert.Contains("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Verbose_from_a_config_file_also_adds_the_stack_trace()
    {
        using var folder = new TempFolder();
        var config = folder.Write("c.json", """{ "verbose": true }""");
        var cli = new CliHarness();
        cli.Train.Behaviour = _ => throw new InvalidOperationException("boom");

        var result = cli.Run("train", "--config", config);

        Assert.Equal(CliApplication.FailureExitCode, result.ExitCode);
        Assert.Equal("metasemi train: boom", result.ErrorLines[0]);
        Assert.Contains("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_exit_code_of_a_handler_is_the_process_exit_code()
    {
        var cli = new CliHarness();
        cli.Evaluate.Behaviour = _ => 7;
        using var folder = new TempFolder();
        Assert.Equal(7, cli.Run("evaluate", "--checkpoint", folder.Write("c", "x")).ExitCode);
    }

    [Fact]
    public void No_command_is_a_usage_error()
    {
        var result = new CliHarness().Run();
        Assert.Equal(CliApplication.UsageErrorExitCode, result.ExitCode);
        Assert.StartsWith("metasemi: ", result.ErrorLines[0], StringComparison.Ordinal);
    }
}
