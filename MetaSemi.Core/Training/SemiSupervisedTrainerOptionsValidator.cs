using Microsoft.Extensions.Options;

namespace MetaSemi;

/// <summary>
/// Validates <see cref="SemiSupervisedTrainerOptions"/>, the settings every algorithm shares; every failure
/// message names its field (for example <c>Optimizer.Momentum</c>) and what was expected.
/// </summary>
public sealed class SemiSupervisedTrainerOptionsValidator : IValidateOptions<SemiSupervisedTrainerOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SemiSupervisedTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Failures(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Every problem with <paramref name="options"/>, one message each.</summary>
    public static IEnumerable<string> Failures(SemiSupervisedTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Optimizer is null || options.Schedule is null || options.Evaluation is null)
        {
            yield return "Optimizer, Schedule and Evaluation must not be null.";
            yield break;
        }

        if (SgdOptions.LearningRateRule.Check(options.Optimizer.LearningRate) is { } learningRate)
        {
            yield return learningRate;
        }

        if (SgdOptions.MomentumRule.Check(options.Optimizer.Momentum) is { } momentum)
        {
            yield return momentum;
        }

        if (options.Optimizer.Nesterov && options.Optimizer.Momentum <= 0)
        {
            yield return $"Optimizer.Nesterov needs a positive Optimizer.Momentum; got {options.Optimizer.Momentum}.";
        }

        if (SgdOptions.WeightDecayRule.Check(options.Optimizer.WeightDecay) is { } weightDecay)
        {
            yield return weightDecay;
        }

        if (!Enum.IsDefined(options.Schedule.Kind))
        {
            yield return $"Schedule.Kind must be one of {string.Join(", ", Enum.GetNames<LearningRateScheduleKind>())}; got {options.Schedule.Kind}.";
        }
        else
        {
            foreach (var failure in OptionComponents.Schedule(options.Schedule).Validate())
            {
                yield return failure;
            }
        }

        if (options.Evaluation.EverySteps <= 0)
        {
            yield return $"Evaluation.EverySteps must be positive; got {options.Evaluation.EverySteps}.";
        }

        if (options.Evaluation.BatchSize <= 0)
        {
            yield return $"Evaluation.BatchSize must be positive; got {options.Evaluation.BatchSize}.";
        }

        if (options.LogEverySteps <= 0)
        {
            yield return $"LogEverySteps must be positive; got {options.LogEverySteps}.";
        }

        string? deviceFailure = DeviceFailure(options.Device);
        if (deviceFailure is not null)
        {
            yield return deviceFailure;
        }
        else if (options.Precision == Precision.BFloat16 && BFloat16Support.Unavailable(TorchDevices.Parse(options.Device).Type) is { } bf16)
        {
            yield return $"Precision BFloat16 cannot run here: {bf16}. Use Precision.Float32 (the default).";
        }
        else if (!Enum.IsDefined(options.Precision))
        {
            yield return $"Precision must be Float32 or BFloat16; got {(int)options.Precision}.";
        }

        if (options.ResumeFrom is not null && !File.Exists(options.ResumeFrom))
        {
            yield return $"ResumeFrom must name an existing checkpoint file; '{options.ResumeFrom}' does not exist.";
        }
    }

    private static string? DeviceFailure(string? device)
    {
        if (device is null)
        {
            return "Device must be 'cpu', 'cuda' or 'cuda:N'; got null.";
        }

        try
        {
            TorchDevices.Parse(device);
            return null;
        }
        catch (ArgumentException e)
        {
            return $"Device: {e.Message.Split(" (Parameter", 2)[0]}";
        }
    }
}
