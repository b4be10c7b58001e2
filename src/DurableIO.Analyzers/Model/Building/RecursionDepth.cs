namespace DurableIO.Analyzers.Model.Building;

/// <summary>
/// How deep the walk and the path evaluation of one body have recursed, together: past <see cref="Max"/> both give up
/// (a generated expression thousands of levels deep must not overflow the stack).
/// </summary>
internal sealed class RecursionDepth
{
    private const int Max = 400;

    private int _depth;

    /// <summary>False when too deep; else counts one level, which <see cref="Leave"/> gives back.</summary>
    public bool TryEnter()
    {
        if (_depth > Max)
        {
            return false;
        }

        _depth++;
        return true;
    }

    public void Leave() => _depth--;
}
