namespace DurableIO.Analyzers;

/// <summary>The diagnostic IDs of every DurableIO rule, in one place.</summary>
public static class RuleIds
{
    public const string RenameBeforeFlush = "DUR001";
    public const string RenameWithoutDirectorySync = "DUR002";
    public const string FlushInLoop = "DUR003";
    public const string FlushUnderBufferingWriter = "DUR004";
    public const string FlushDoesNotReachDisk = "DUR005";
    public const string WriteWithoutFlushToDisk = "DUR006";
    public const string NewFileDirectoryNotSynced = "DUR007";
    public const string FlushFailureIgnored = "DUR008";
    public const string TempFileInOtherDirectory = "DUR009";
    public const string DeleteBeforeRename = "DUR010";
    public const string LegacyFlushSkipsDisk = "DUR011";
    public const string DirectoryOpenedAsFile = "DUR012";
    public const string FlushOnReadOnlyStream = "DUR013";
    public const string FlushFailureUnreported = "DUR014";
}
