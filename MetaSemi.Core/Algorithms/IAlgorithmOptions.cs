namespace MetaSemi.Algorithms;

/// <summary>
/// The options of one algorithm (a plain class with settable properties and a parameterless constructor,
/// bindable from configuration and copied at <see cref="SemiSupervisedTrainerBuilder.Build"/> by a JSON
/// round trip, so nested option classes copy deeply).
/// </summary>
public interface IAlgorithmOptions
{
    /// <summary>Every problem with the values, one message each, naming the field (for example <c>Mixup.Alpha</c>); empty when valid.</summary>
    IEnumerable<string> Validate();
}
