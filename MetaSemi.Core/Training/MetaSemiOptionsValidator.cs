using Microsoft.Extensions.Options;

namespace MetaSemi;

/// <summary>
/// Validates <see cref="MetaSemiOptions"/> for configuration binding with the builder's own checks: the general
/// settings' (<see cref="SemiSupervisedTrainerOptionsValidator"/>) and those of the algorithm options the adapter gives
/// (<see cref="MetaSemiOptions.ToAlgorithmOptions"/>), so every message equals the one <c>Build()</c> gives for the value.
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
        return SemiSupervisedTrainerOptionsValidator.Failures(options).Concat(options.ToAlgorithmOptions().Validate());
    }
}
