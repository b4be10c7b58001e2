using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace DurableIO.CrashTests.Tracing;

/// <summary>
/// Turns the system calls of a whole process tree into the file-system events under one scratch directory:
/// resolves every path (absolute, relative to the working directory, or relative to a directory descriptor,
/// whose path <c>-y</c> annotates), follows descriptors from the open that created them to their close, and
/// drops everything else. A successful call that touches the scratch directory in a way the model does
/// not know is an error, never silently skipped.
/// </summary>
public sealed partial class TraceEventBuilder
{
    private readonly string scratchRoot;
    private readonly string workingDirectory;
    private readonly string scratchRootEscaped;
    private readonly string markerEscaped;
    private readonly string? acknowledgedMarker;
    private readonly Dictionary<int, int> handleByDescriptor = new();
    private readonly List<FsEvent> events = new();
    private int nextHandle = 1;

    private TraceEventBuilder(string scratchRoot, string workingDirectory, string returnedMarker, string? acknowledgedMarker)
    {
        this.acknowledgedMarker = acknowledgedMarker;
        this.scratchRoot = scratchRoot.TrimEnd('/');
        this.workingDirectory = workingDirectory;
        scratchRootEscaped = StraceText.HexEscape(this.scratchRoot);
        markerEscaped = StraceText.HexEscape(returnedMarker);
    }

    /// <param name="acknowledgedMarker">The prefix of a line that acknowledges a step (see <see cref="AcknowledgedMarkerEvent"/>), or null.</param>
    public static IReadOnlyList<FsEvent> Build(IEnumerable<Syscall> calls, string scratchRoot, string workingDirectory, string returnedMarker, string? acknowledgedMarker = null)
    {
        var builder = new TraceEventBuilder(scratchRoot, workingDirectory, returnedMarker, acknowledgedMarker);
        foreach (var call in calls)
        {
            builder.Add(call);
        }

        return builder.events;
    }

    private void Add(Syscall call)
    {
        if (!call.Succeeded)
        {
            return; // a failed call changed nothing
        }

        var args = call.Arguments;
        switch (call.Name)
        {
            case "open":
                Open(call, null, args[0], args[1]);
                break;
            case "creat":
                Open(call, null, args[0], "O_WRONLY|O_CREAT|O_TRUNC");
                break;
            case "openat":
                Open(call, args[0], args[1], args[2]);
                break;
            case "openat2":
                Open(call, args[0], args[1], OpenHowFlags().Match(args[2]).Groups[1].Value);
                break;
            case "close":
                Close(call, args[0]);
                break;
            case "write":
            case "pwrite64":
                Write(call, args[0], StraceText.DecodeString(args[1]), call.Name == "pwrite64" ? StraceText.ParseInteger(args[3]) : null);
                break;
            case "writev":
            case "pwritev":
            case "pwritev2":
                Write(call, args[0], DecodeIoVectors(args[1]), call.Name == "writev" ? null : StraceText.ParseInteger(args[3]));
                break;
            case "read":
            case "readv":
                IfTracked(call, args[0], handle => new ReadEvent(call, handle, call.Result!.Value));
                break;
            case "lseek":
                IfTracked(call, args[0], handle => new SeekEvent(call, handle, call.Result!.Value));
                break;
            case "ftruncate":
                IfTracked(call, args[0], handle => new TruncateEvent(call, handle, null, StraceText.ParseInteger(args[1])));
                break;
            case "truncate":
                IfInScratch(call, Resolve(null, args[0]), path => new TruncateEvent(call, null, path, StraceText.ParseInteger(args[1])));
                break;
            case "fsync":
            case "fdatasync":
                IfTracked(call, args[0], handle => new FsyncEvent(call, handle, DataOnly: call.Name == "fdatasync"));
                break;
            case "sync":
            case "syncfs":
                events.Add(new SyncAllEvent(call));
                break;
            case "sync_file_range":
                break; // starts write-back, promises nothing about durability: the model keeps the data unsynced
            case "rename":
                Rename(call, Resolve(null, args[0]), Resolve(null, args[1]));
                break;
            case "renameat":
            case "renameat2":
                if (call.Name == "renameat2" && (args[4].Contains("RENAME_EXCHANGE", StringComparison.Ordinal) || args[4].Contains("RENAME_WHITEOUT", StringComparison.Ordinal)))
                {
                    Unsupported(call);
                }

                Rename(call, Resolve(args[0], args[1]), Resolve(args[2], args[3]));
                break;
            case "link":
                Link(call, Resolve(null, args[0]), Resolve(null, args[1]));
                break;
            case "linkat":
                Link(call, Resolve(args[0], args[1]), Resolve(args[2], args[3]));
                break;
            case "unlink":
                IfInScratch(call, Resolve(null, args[0]), path => new UnlinkEvent(call, path));
                break;
            case "unlinkat":
                IfInScratch(call, Resolve(args[0], args[1]), path => args[2].Contains("AT_REMOVEDIR", StringComparison.Ordinal) ? new RmdirEvent(call, path) : new UnlinkEvent(call, path));
                break;
            case "rmdir":
                IfInScratch(call, Resolve(null, args[0]), path => new RmdirEvent(call, path));
                break;
            case "mkdir":
                IfInScratch(call, Resolve(null, args[0]), path => new MkdirEvent(call, path));
                break;
            case "mkdirat":
                IfInScratch(call, Resolve(args[0], args[1]), path => new MkdirEvent(call, path));
                break;
            case "dup":
            case "dup2":
            case "dup3":
                Duplicate(call, args[0]);
                break;
            case "fcntl":
                if (args[1].StartsWith("F_DUPFD", StringComparison.Ordinal))
                {
                    Duplicate(call, args[0]);
                }

                break; // other fcntl commands change no file content
            case "copy_file_range":
                CopyRange(call, args[0], StraceText.ParseOptionalOffset(args[1]), args[2], StraceText.ParseOptionalOffset(args[3]));
                break;
            case "sendfile":
                CopyRange(call, args[1], StraceText.ParseOptionalOffset(args[2]), args[0], null);
                break;
            case "ioctl":
                Ioctl(call, args);
                break;
            default:
                if (TouchesScratch(call))
                {
                    Unsupported(call);
                }

                break;
        }
    }

    private void Open(Syscall call, string? directoryArgument, string pathArgument, string flags)
    {
        var path = ToScratchPath(Resolve(directoryArgument, pathArgument));
        var descriptor = (int)call.Result!.Value;
        if (path is null)
        {
            handleByDescriptor.Remove(descriptor); // the number now names a file outside the scratch directory
            return;
        }

        if (flags.Contains("O_TMPFILE", StringComparison.Ordinal))
        {
            Unsupported(call);
        }

        var writable = flags.Contains("O_WRONLY", StringComparison.Ordinal) || flags.Contains("O_RDWR", StringComparison.Ordinal);
        var handle = nextHandle++;
        handleByDescriptor[descriptor] = handle;
        events.Add(new OpenEvent(
            call,
            handle,
            path,
            Create: flags.Contains("O_CREAT", StringComparison.Ordinal),
            Exclusive: flags.Contains("O_EXCL", StringComparison.Ordinal),
            Truncate: writable && flags.Contains("O_TRUNC", StringComparison.Ordinal),
            Append: flags.Contains("O_APPEND", StringComparison.Ordinal)));
    }

    private void Close(Syscall call, string descriptorArgument)
    {
        var (descriptor, _) = StraceText.ParseDescriptor(descriptorArgument);
        if (handleByDescriptor.Remove(descriptor, out var handle))
        {
            events.Add(new CloseEvent(call, handle));
        }
    }

    private void Write(Syscall call, string descriptorArgument, byte[] data, long? offset)
    {
        // A short write wrote only the first Result bytes.
        var written = data.AsSpan(0, (int)Math.Min(data.Length, call.Result!.Value)).ToArray();
        if (TryGetHandle(call, descriptorArgument, out var handle))
        {
            events.Add(new WriteEvent(call, handle, offset, written));
        }
        else if (call.RawText.Contains(markerEscaped, StringComparison.Ordinal))
        {
            events.Add(new ReturnedMarkerEvent(call));
        }
        else if (acknowledgedMarker is not null && System.Text.Encoding.ASCII.GetString(written) is var text && text.StartsWith(acknowledgedMarker, StringComparison.Ordinal))
        {
            // One write(2) per acknowledgement: the marker, the label, a newline.
            events.Add(new AcknowledgedMarkerEvent(call, text[acknowledgedMarker.Length..].TrimEnd('\n')));
        }
    }

    private void Rename(Syscall call, string from, string to)
    {
        var (fromPath, toPath) = (ToScratchPath(from), ToScratchPath(to));
        if (fromPath is not null && toPath is not null)
        {
            events.Add(new RenameEvent(call, fromPath, toPath));
        }
        else if (fromPath is not null || toPath is not null)
        {
            Unsupported(call); // a rename across the scratch boundary moves state the model does not hold
        }
    }

    private void Link(Syscall call, string existing, string newName)
    {
        var (existingPath, newPath) = (ToScratchPath(existing), ToScratchPath(newName));
        if (existingPath is not null && newPath is not null)
        {
            events.Add(new LinkEvent(call, existingPath, newPath));
        }
        else if (existingPath is not null || newPath is not null)
        {
            Unsupported(call);
        }
    }

    private void Duplicate(Syscall call, string descriptorArgument)
    {
        var newDescriptor = (int)call.Result!.Value;
        if (TryGetHandle(call, descriptorArgument, out var handle))
        {
            handleByDescriptor[newDescriptor] = handle;
        }
        else
        {
            handleByDescriptor.Remove(newDescriptor); // dup2/dup3 closed whatever the target number held
        }
    }

    private void CopyRange(Syscall call, string sourceArgument, long? sourceOffset, string destinationArgument, long? destinationOffset)
    {
        var sourceTracked = TryGetHandle(call, sourceArgument, out var source);
        var destinationTracked = TryGetHandle(call, destinationArgument, out var destination);
        if (sourceTracked && destinationTracked)
        {
            events.Add(new CopyRangeEvent(call, source, sourceOffset, destination, destinationOffset, call.Result!.Value));
        }
        else if (destinationTracked)
        {
            Unsupported(call); // data from outside the scratch directory: the model cannot know the bytes
        }
        else if (sourceTracked)
        {
            events.Add(new ReadEvent(call, source, sourceOffset is null ? call.Result!.Value : 0));
        }
    }

    private void Ioctl(Syscall call, IReadOnlyList<string> args)
    {
        if (!TryGetHandle(call, args[0], out var destination))
        {
            return;
        }

        if (args[1].Contains("FICLONERANGE", StringComparison.Ordinal) || args[1].Contains("FIDEDUPERANGE", StringComparison.Ordinal))
        {
            Unsupported(call);
        }
        else if (args[1].Contains("FICLONE", StringComparison.Ordinal))
        {
            if (!TryGetHandle(call, args[2], out var source))
            {
                Unsupported(call);
            }

            events.Add(new CloneEvent(call, destination, source));
        }

        // Any other ioctl on a file (terminal queries, flags) leaves its content and its name alone.
    }

    private void IfTracked(Syscall call, string descriptorArgument, Func<int, FsEvent> create)
    {
        if (TryGetHandle(call, descriptorArgument, out var handle))
        {
            events.Add(create(handle));
        }
    }

    private void IfInScratch(Syscall call, string absolutePath, Func<string, FsEvent> create)
    {
        var path = ToScratchPath(absolutePath);
        if (path is not null)
        {
            events.Add(create(path));
        }
    }

    private bool TryGetHandle(Syscall call, string descriptorArgument, out int handle)
    {
        var (descriptor, annotatedPath) = StraceText.ParseDescriptor(descriptorArgument);
        if (handleByDescriptor.TryGetValue(descriptor, out handle))
        {
            return true;
        }

        if (annotatedPath is not null && ToScratchPath(annotatedPath) is not null)
        {
            throw new NotSupportedException($"{call}: descriptor {descriptor} names a file in the scratch directory but its open was not in the trace");
        }

        return false;
    }

    /// <summary>The absolute, normalised path a (directory descriptor, path) pair names; a null descriptor means the working directory.</summary>
    private string Resolve(string? directoryArgument, string pathArgument)
    {
        var path = System.Text.Encoding.UTF8.GetString(StraceText.DecodeString(pathArgument));
        if (path.StartsWith('/'))
        {
            return System.IO.Path.GetFullPath(path);
        }

        var baseDirectory = workingDirectory;
        if (directoryArgument is not null)
        {
            var (descriptor, annotated) = StraceText.ParseDescriptor(directoryArgument);
            if (annotated is not null && annotated.StartsWith('/'))
            {
                baseDirectory = annotated;
            }
            else if (descriptor != StraceText.AtFdCwd)
            {
                throw new NotSupportedException($"cannot resolve '{path}' relative to descriptor {descriptor}: strace gave no path for it (-y missing?)");
            }
        }

        return System.IO.Path.GetFullPath(System.IO.Path.Combine(baseDirectory, path));
    }

    private string? ToScratchPath(string absolutePath)
    {
        if (absolutePath == scratchRoot)
        {
            return "";
        }

        return absolutePath.StartsWith(scratchRoot + "/", StringComparison.Ordinal) ? absolutePath[(scratchRoot.Length + 1)..] : null;
    }

    /// <summary>Whether a call the builder has no case for names a scratch path (absolute or relative to the working directory) or a scratch descriptor.</summary>
    private bool TouchesScratch(Syscall call) =>
        call.Arguments.Any(argument =>
            (argument.StartsWith('"') && !argument.EndsWith("...", StringComparison.Ordinal) && ToScratchPath(Resolve(null, argument)) is not null)
            || (argument.Length > 0 && char.IsAsciiDigit(argument[0]) && handleByDescriptor.ContainsKey(LeadingNumber(argument)))
            || (!argument.StartsWith("AT_FDCWD", StringComparison.Ordinal) && argument.Contains(scratchRootEscaped, StringComparison.Ordinal)));

    private static int LeadingNumber(string argument) =>
        int.TryParse(new string(argument.TakeWhile(char.IsAsciiDigit).ToArray()), out var number) ? number : -1;

    private static void Unsupported(Syscall call) =>
        throw new NotSupportedException($"the crash model does not cover this system call on the scratch directory: {call}");

    private static byte[] DecodeIoVectors(string vectors)
    {
        var data = new List<byte>();
        foreach (Match match in IoVectorBase().Matches(vectors))
        {
            data.AddRange(StraceText.DecodeString(match.Groups[1].Value));
        }

        return data.ToArray();
    }

    [GeneratedRegex(@"iov_base=(""[^""]*""(?:\.\.\.)?)")]
    private static partial Regex IoVectorBase();

    [GeneratedRegex(@"flags=([A-Z_|0-9x]+)")]
    private static partial Regex OpenHowFlags();
}
