// These tests exercise the Linux protocol on the real file system (strace, tmpfs mounts, Unix modes).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
