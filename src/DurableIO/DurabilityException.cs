using System;
using System.IO;

namespace DurableIO
{
    /// <summary>
    /// Flushing data to disk failed (for example <c>fsync</c> reported <c>EIO</c> or <c>ENOSPC</c>): the data may be lost.
    /// DurableIO never retries a failed flush, because after a failure the operating system may already have dropped
    /// the dirty data and a second flush can report success without writing anything ("fsyncgate"). The message names
    /// the file and the error code; <see cref="Exception.HResult"/> holds the errno (Unix) or Win32 error (Windows).
    /// </summary>
    public class DurabilityException : IOException
    {
        /// <summary>Creates an exception with a default message.</summary>
        public DurabilityException()
            : base("Flushing data to disk failed; the data may be lost.")
        {
        }

        /// <summary>Creates an exception with the given message.</summary>
        /// <param name="message">What failed, for which file.</param>
        public DurabilityException(string? message)
            : base(message)
        {
        }

        /// <summary>Creates an exception with the given message and the exception that caused it.</summary>
        /// <param name="message">What failed, for which file.</param>
        /// <param name="innerException">The underlying failure.</param>
        public DurabilityException(string? message, Exception? innerException)
            : base(message, innerException)
        {
        }

        /// <summary>Creates an exception with the given message and error code (errno on Unix, Win32 error on Windows).</summary>
        /// <param name="message">What failed, for which file.</param>
        /// <param name="errorCode">The errno or Win32 error code, stored in <see cref="Exception.HResult"/>.</param>
        public DurabilityException(string? message, int errorCode)
            : base(message, errorCode)
        {
        }

        /// <summary>A failure that wraps another and carries its error code.</summary>
        internal DurabilityException(string? message, Exception innerException, int errorCode)
            : base(message, innerException)
        {
            HResult = errorCode;
        }
    }
}
