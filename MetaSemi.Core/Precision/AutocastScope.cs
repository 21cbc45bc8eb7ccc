namespace MetaSemi;

/// <summary>
/// CPU autocast to bfloat16 switched on (or off, for a region that must stay float32 inside a bf16 one) until
/// disposed, then the previous state restored (docs/precision.md). Scopes nest; autocast state is per thread in
/// libtorch, so a scope belongs to the thread that made it.
/// </summary>
public sealed class AutocastScope : IDisposable
{
    [ThreadStatic]
    private static int t_open;

    private readonly bool _previous;
    private bool _disposed;

    private AutocastScope(bool enabled)
    {
        _previous = AutocastNative.Enabled;
        AutocastNative.Enter();
        AutocastNative.Enable(enabled);
        t_open++;
    }

    /// <summary>Whether CPU autocast is on for this thread.</summary>
    public static bool IsEnabled => AutocastNative.Unavailable is null && AutocastNative.Enabled;

    /// <summary>Turns bf16 autocast on until the scope is disposed.</summary>
    /// <exception cref="PlatformNotSupportedException">This platform's libtorch lacks the entry points (<see cref="BFloat16Support"/>).</exception>
    public static AutocastScope BFloat16() => new(true);

    /// <summary>Turns autocast off until the scope is disposed (a float32 region inside a bf16 one).</summary>
    /// <exception cref="PlatformNotSupportedException">This platform's libtorch lacks the entry points.</exception>
    public static AutocastScope Float32() => new(false);

    /// <summary>A float32 region when autocast is on, else nothing to undo (null, fine for <c>using</c>).</summary>
    public static AutocastScope? Float32IfEnabled() => IsEnabled ? Float32() : null;

    /// <summary>
    /// Under autocast, drops the bf16 copies of the weights that autocast keeps for the rest of its scope. A forward
    /// in inference mode makes those copies inference tensors, which a later forward with a graph in the same scope
    /// must not reuse (autograd cannot save them: "Inference tensors cannot be saved for backward"), so an
    /// inference-mode forward calls this after itself. Does nothing when autocast is off.
    /// </summary>
    public static void DropCachedCasts()
    {
        // Outside every scope (an fp32 run) this costs no native call and loads no entry point.
        if (t_open > 0 && AutocastNative.Enabled)
        {
            AutocastNative.DropCache();
        }
    }

    /// <summary>Restores the state from before the scope.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        t_open--;
        AutocastNative.Enable(_previous);
        AutocastNative.Exit();
    }
}
