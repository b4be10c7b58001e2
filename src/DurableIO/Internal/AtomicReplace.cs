using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Win32.SafeHandles;

namespace DurableIO.Internal
{
    /// <summary>
    /// One atomic, durable replace of a file: a temporary file next to the (real) target, written by the caller,
    /// then flushed, fsynced, closed, renamed over the target, and the directory synced. Disposing before
    /// <see cref="Commit"/> deletes the temporary file and leaves the target untouched.
    /// </summary>
    internal sealed class AtomicReplace : IDisposable
    {
        private const int MaxNameAttempts = 16;
        private readonly string _target;
        private readonly string _tempPath;
        private readonly SafeFileHandle _handle;
        private bool _renamed;

        private AtomicReplace(string target, string tempPath, FileStream stream)
        {
            _target = target;
            _tempPath = tempPath;
            Stream = stream;
            _handle = stream.SafeFileHandle; // read once: each read of the property costs an lseek
        }

        /// <summary>The temporary file; write the whole new content here.</summary>
        internal FileStream Stream { get; }

        /// <summary>Creates the temporary file for replacing <paramref name="fullPath"/> (already validated and full).</summary>
        /// <param name="fullPath">The file to replace; a symbolic link is followed and the file it points to is replaced.</param>
        /// <param name="bufferSize">FileStream buffer: 1 (none) when the caller writes large blocks.</param>
        /// <param name="modeFrom">The file whose Unix permission bits the new file gets; default: the target's own.</param>
        internal static AtomicReplace Begin(string fullPath, int bufferSize, string? modeFrom = null)
        {
            FileInfo target = Paths.ResolveLinks(fullPath);
            if ((int)target.Attributes != -1 && (target.Attributes & FileAttributes.Directory) != 0)
            {
                throw new UnauthorizedAccessException($"Access to the path '{fullPath}' is denied: it is a directory.");
            }

            int? mode = Paths.UnixModeOf(modeFrom == null ? target : Paths.ResolveLinks(modeFrom));

            for (int attempt = 1; ; attempt++)
            {
                string tempPath = Paths.TempNameFor(target.FullName);
                FileStream stream;
                try
                {
                    stream = Create(tempPath, bufferSize, mode);
                }
                catch (IOException) when (attempt < MaxNameAttempts && Paths.EntryExists(tempPath))
                {
                    continue; // name clash (create-new never opens or follows an existing entry): pick another name
                }

                var replace = new AtomicReplace(target.FullName, tempPath, stream);
                if (mode is int exact)
                {
                    try
                    {
                        Platform.SetMode(replace._handle, exact);
                    }
                    catch
                    {
                        replace.Dispose();
                        throw;
                    }
                }

                return replace;
            }
        }

        /// <summary>Makes the written content the target's, durably. <paramref name="replace"/> false: fail if the target exists.</summary>
        internal void Commit(bool replace = true)
        {
            Stream.Flush();
            // Data on disk before a name points at it; else ext4 can show an empty file after a crash (dotnet/runtime#32600).
            Platform.FlushToStorage(_handle, _tempPath);
            Stream.Dispose();
            Platform.Rename(_tempPath, _target, replace);
            _renamed = true; // from here on nothing is deleted: the new content is the target's
            // A rename reaches the disk only with its directory; without this a crash can bring the old file back.
            Platform.SyncDirectory(Paths.DirectoryOf(_target));
        }

        /// <summary><see cref="Commit"/> after flushing the stream asynchronously; cancellation is honoured up to the rename.</summary>
        internal async Task CommitAsync(CancellationToken cancellationToken)
        {
            await Stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            Commit();
        }

        /// <summary>Closes the temporary file and, unless it was renamed, deletes it.</summary>
        public void Dispose()
        {
            try
            {
                Stream.Dispose();
            }
            catch (IOException) when (!_renamed)
            {
                // Flushing leftovers failed; the file is deleted below anyway.
            }

            if (_renamed) return;
            try
            {
                File.Delete(_tempPath);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        private static FileStream Create(string tempPath, int bufferSize, int? mode)
        {
#if NET
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = bufferSize };
            // Never wider than the target's bits, even for the instant before SetMode makes them exact.
            if (mode is int m && !OperatingSystem.IsWindows()) options.UnixCreateMode = (UnixFileMode)m;
            return new FileStream(tempPath, options);
#else
            _ = mode; // netstandard2.0 cannot pass a mode at creation; SetMode applies it before any data is written.
            return new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize);
#endif
        }
    }
}
