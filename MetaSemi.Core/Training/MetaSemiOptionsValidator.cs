using MetaSemi.Algorithms;
using Microsoft.Extensions.Options;

namespace MetaSemi;

/// <summary>
/// Validates <see cref="MetaSemiOptions"/>; every failure message names its field
/// (for example <c>Mixup.Alpha</c>) and what was expected.
/// </summary>
public sealed class MetaSemiOptionsValidator : IValidateOptions<MetaSemiOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, MetaSemiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Failures(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Every problem with <paramref name="options"/>, one message each.</summary>
    public static IEnumerable<string> Failures(MetaSemiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MetaGradient is null || options.Mixup is null || options.Consistency is null
            || options.Optimizer is null || options.Schedule is null || options.Evaluation is null)
        {
            yield return "MetaGradient, Mixup, Consistency, Optimizer, Schedule and Evaluation must not be null.";
            yield break;
        }

        var algorithm = new MetaSemiAlgorithmOptions { MetaGradient = options.MetaGradient, Mixup = options.Mixup, Consistency = options.Consistency };
        foreach (var failure in algorithm.Validate().Concat(SemiSupervisedTrainerOptionsValidator.Failures(options)))
        {
            yield return failure;
        }
    }
}
