namespace DurableIO.CrashTests.Tracing;

/// <summary>
/// A file-system event under the scratch directory, built from one successful system call. Paths are
/// relative to the scratch directory, '/'-separated ("" is the scratch directory itself). A handle is an
/// open file description: the descriptors <c>dup</c> makes share it.
/// </summary>
public abstract record FsEvent(Syscall Call);

/// <param name="Create">O_CREAT</param>
/// <param name="Exclusive">O_EXCL</param>
/// <param name="Truncate">O_TRUNC with write access</param>
/// <param name="Append">O_APPEND: every write goes to the end of the file</param>
public sealed record OpenEvent(Syscall Call, int Handle, string Path, bool Create, bool Exclusive, bool Truncate, bool Append) : FsEvent(Call);

/// <param name="Offset">The explicit offset of pwrite/pwritev; null for write/writev (the handle's position).</param>
public sealed record WriteEvent(Syscall Call, int Handle, long? Offset, byte[] Data) : FsEvent(Call);

/// <summary>read/readv: only moves the handle's position.</summary>
public sealed record ReadEvent(Syscall Call, int Handle, long Count) : FsEvent(Call);

/// <summary>lseek, with the position the kernel returned.</summary>
public sealed record SeekEvent(Syscall Call, int Handle, long Position) : FsEvent(Call);

/// <summary>ftruncate (Handle set) or truncate (Path set).</summary>
public sealed record TruncateEvent(Syscall Call, int? Handle, string? Path, long Length) : FsEvent(Call);

/// <summary>fsync (DataOnly false) or fdatasync (DataOnly true) of a file or directory.</summary>
public sealed record FsyncEvent(Syscall Call, int Handle, bool DataOnly) : FsEvent(Call);

/// <summary>sync/syncfs: everything reaches the disk.</summary>
public sealed record SyncAllEvent(Syscall Call) : FsEvent(Call);

public sealed record CloseEvent(Syscall Call, int Handle) : FsEvent(Call);

public sealed record RenameEvent(Syscall Call, string From, string To) : FsEvent(Call);

public sealed record LinkEvent(Syscall Call, string Existing, string NewName) : FsEvent(Call);

public sealed record UnlinkEvent(Syscall Call, string Path) : FsEvent(Call);

public sealed record MkdirEvent(Syscall Call, string Path) : FsEvent(Call);

public sealed record RmdirEvent(Syscall Call, string Path) : FsEvent(Call);

/// <summary>copy_file_range or sendfile: Count bytes (the call's result) copied in the kernel; a null offset means the handle's position.</summary>
public sealed record CopyRangeEvent(Syscall Call, int SourceHandle, long? SourceOffset, int DestinationHandle, long? DestinationOffset, long Count) : FsEvent(Call);

/// <summary>ioctl(FICLONE): the destination's content becomes the source's.</summary>
public sealed record CloneEvent(Syscall Call, int DestinationHandle, int SourceHandle) : FsEvent(Call);

/// <summary>The workload printed its marker: the operation under test has returned.</summary>
public sealed record ReturnedMarkerEvent(Syscall Call) : FsEvent(Call);

/// <summary>The workload printed an acknowledgement marker: the step <paramref name="Label"/> (a log append) returned to its caller.</summary>
public sealed record AcknowledgedMarkerEvent(Syscall Call, string Label) : FsEvent(Call);
