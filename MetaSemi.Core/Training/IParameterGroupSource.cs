namespace MetaSemi;

/// <summary>
/// A model that says which of its parameters train and at what share of the learning rate (a fine-tuned pretrained
/// backbone: frozen stages left out, the backbone at a fraction of the head's rate). The trainer builds its optimizer
/// from <see cref="ParameterGroups"/> and scales the schedule's rate per group; other models train every parameter at
/// the schedule's rate.
/// </summary>
public interface IParameterGroupSource
{
    /// <summary>The groups of trained parameters, disjoint; parameters in no group do not train.</summary>
    IReadOnlyList<ParameterGroup> ParameterGroups();
}
