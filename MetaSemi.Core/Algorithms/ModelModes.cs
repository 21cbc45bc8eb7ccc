using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// Puts every module of a model in evaluation mode and, on dispose, gives each module back the
/// mode it had: a model whose parts were in mixed modes comes back mixed.
/// </summary>
internal sealed class ModelModes : IDisposable
{
    private readonly List<(torch.nn.Module Module, bool Training)> _saved;

    private ModelModes(torch.nn.Module model)
    {
        // Module.train(bool) recurses into children, so restoring shallow modules before deep ones
        // lets each deeper module overwrite what its parent set.
        _saved = [(model, model.training)];
        _saved.AddRange(model.named_modules()
            .Where(named => named.name.Length > 0)
            .OrderBy(named => named.name.Count(c => c == '.'))
            .Select(named => (named.module, named.module.training)));
        model.eval();
    }

    public static ModelModes Evaluate(torch.nn.Module model) => new(model);

    public void Dispose()
    {
        foreach (var (module, training) in _saved)
        {
            module.train(training);
        }
    }
}
