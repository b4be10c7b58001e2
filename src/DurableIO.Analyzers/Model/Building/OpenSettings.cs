namespace DurableIO.Analyzers.Model.Building;

/// <summary>Open settings of a FileStream: constant FileMode/FileAccess/FileOptions values (null = not a constant).</summary>
internal readonly struct OpenSettings
{
    // FileMode values.
    public const int ModeCreateNew = 1;
    public const int ModeCreate = 2;
    public const int ModeOpen = 3;
    public const int ModeOpenOrCreate = 4;
    public const int ModeAppend = 6;

    // FileAccess values.
    public const int AccessRead = 1;
    public const int AccessWrite = 2;
    public const int AccessReadWrite = 3;

    public OpenSettings(int? mode, int? access, int? options)
    {
        Mode = mode;
        Access = access;
        Options = options;
    }

    public int? Mode { get; }

    public int? Access { get; }

    public int? Options { get; }

    /// <summary>Nothing known: a P/Invoke open, or options the model cannot read.</summary>
    public static OpenSettings Unknown => new(null, null, null);

    /// <summary>The defaults of a new <c>FileStreamOptions</c>: Open, Read, None.</summary>
    public static OpenSettings FileStreamOptionsDefault => new(ModeOpen, AccessRead, 0);

    public OpenSettings With(string property, object? constant)
    {
        var value = constant is int i ? i : (int?)null;
        return property switch
        {
            "Mode" => new OpenSettings(value, Access, Options),
            "Access" => new OpenSettings(Mode, value, Options),
            "Options" => new OpenSettings(Mode, Access, value),
            _ => this,
        };
    }
}
