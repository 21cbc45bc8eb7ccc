namespace MetaSemi.Models;

/// <summary>File formats for model weights.</summary>
public enum WeightFormat
{
    /// <summary>Chosen from the file extension: <c>.pt</c>, <c>.pth</c>, <c>.tar</c>, <c>.ckpt</c> → PyTorch; <c>.safetensors</c> → Safetensors; <c>.bin</c>, <c>.dat</c>, <c>.ts</c> → TorchSharp.</summary>
    Auto,

    /// <summary>PyTorch's zip format as written by <c>torch.save(model.state_dict(), path)</c>.</summary>
    PyTorch,

    /// <summary>Hugging Face safetensors.</summary>
    Safetensors,

    /// <summary>TorchSharp's native format (<c>Module.save</c>/<c>Module.load</c>).</summary>
    TorchSharp,
}
