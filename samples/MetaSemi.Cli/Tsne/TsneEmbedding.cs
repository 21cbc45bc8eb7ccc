namespace MetaSemi.Cli.Tsne;

/// <summary>A t-SNE result: N×2 coordinates and the final KL(P‖Q) of the embedding (without exaggeration).</summary>
internal sealed record TsneEmbedding(double[,] Points, double KlDivergence);
