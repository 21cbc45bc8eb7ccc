namespace MetaSemi.Files;

/// <summary>
/// A network that can name itself in a model file (docs/design.md §8): the architecture a reader rebuilds and the arguments it
/// was built with. The model zoo's networks implement it; <see cref="SemiSupervisedTrainerBuilder.WithModelFile()"/>
/// reads it from the model.
/// </summary>
public interface IDescribesArchitecture
{
    /// <summary>The architecture's name, as the model zoo takes it.</summary>
    string Architecture { get; }

    /// <summary>What the architecture was built with beyond classes and channels (empty for most).</summary>
    IReadOnlyDictionary<string, string> ArchitectureArguments { get; }
}
