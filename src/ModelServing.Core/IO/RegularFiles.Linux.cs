using System.Runtime.InteropServices;

namespace ModelServing.Core.IO;

/// <summary>The file type from Linux's <c>statx</c>: the one piece of file metadata .NET does not expose.</summary>
/// <remarks>
/// A system call, not a native library: <c>statx</c> is in glibc since 2.28 and in musl, and its buffer has the same layout
/// on every architecture (unlike <c>struct stat</c>). Where it is missing or refused (an old seccomp profile), callers fall
/// back to the portable check.
/// </remarks>
public static partial class RegularFiles
{
    private const int CurrentDirectory = -100; // AT_FDCWD
    private const uint TypeField = 0x1; // STATX_TYPE
    private const int TypeMask = 0xF000; // S_IFMT
    private const int RegularType = 0x8000; // S_IFREG
    private const int NoSuchFile = 2; // ENOENT
    private const int NotADirectory = 20; // ENOTDIR
    private const int PermissionDenied = 13; // EACCES
    private const int TooManyLinks = 40; // ELOOP
    private const int NameTooLong = 36; // ENAMETOOLONG

    private static volatile bool s_statxUnavailable = !OperatingSystem.IsLinux();

    /// <summary>
    /// False when the type cannot be told here (not Linux, statx missing or refused, an unexpected error); else true, with
    /// <see cref="Problem"/>'s answer in <paramref name="problem"/> (null for a regular file).
    /// </summary>
    private static bool TryFileType(string path, out string? problem)
    {
        problem = null;
        if (s_statxUnavailable)
        {
            return false;
        }

        int result;
        StatxBuffer buffer;
        try
        {
            result = StatX(CurrentDirectory, path, 0, TypeField, out buffer);
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            s_statxUnavailable = true;
            return false;
        }

        if (result != 0)
        {
            problem = Marshal.GetLastPInvokeError() switch
            {
                NoSuchFile or NotADirectory => Missing,
                PermissionDenied => "cannot be read (permission denied)",
                TooManyLinks => "has too many levels of symbolic links",
                NameTooLong => "has a name that is too long",
                _ => null,
            };
            return problem is not null;
        }

        problem = (buffer.Mode & TypeMask) switch
        {
            RegularType => null,
            0x4000 => NotRegular("a directory"),
            0x1000 => NotRegular("a FIFO"),
            0x2000 or 0x6000 => NotRegular("a device"),
            0xC000 => NotRegular("a socket"),
            _ => NotRegular("a special file"),
        };
        return true;
    }

    /// <summary>The first fields of <c>struct statx</c> (256 bytes in all), up to <c>stx_mode</c>.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 256)]
    private struct StatxBuffer
    {
        public uint Mask;
        public uint BlockSize;
        public ulong Attributes;
        public uint Links;
        public uint UserId;
        public uint GroupId;
        public ushort Mode;
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatX(int directory, string path, int flags, uint mask, out StatxBuffer buffer);
}
