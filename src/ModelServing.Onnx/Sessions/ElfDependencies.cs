using System.Buffers.Binary;
using System.Text;

namespace ModelServing.Onnx.Sessions;

/// <summary>Reads the shared libraries an ELF64 library names as its link-time dependencies (<c>DT_NEEDED</c>).</summary>
/// <remarks>
/// Only the section headers, the dynamic section and its string table are read, with random access, so a 300 MB provider
/// library costs a few kilobytes of reads. Anything that is not a little-endian ELF64 file gives an empty list. Thread-safe.
/// </remarks>
internal static class ElfDependencies
{
    private const int SectionHeaderSize = 64;
    private const uint SectionTypeDynamic = 6;
    private const long DynamicTagNeeded = 1;
    private const int MaxSections = 4096;
    private const long MaxDynamicBytes = 1 << 20;
    private const long MaxStringTableBytes = 4 << 20;

    /// <summary>The <c>DT_NEEDED</c> names of <paramref name="path"/> in file order, or an empty list.</summary>
    public static IReadOnlyList<string> Needed(string path)
    {
        try
        {
            using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
            return Needed(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static List<string> Needed(Microsoft.Win32.SafeHandles.SafeFileHandle file)
    {
        Span<byte> header = stackalloc byte[64];
        if (RandomAccess.Read(file, header, 0) < 64 || !header[..4].SequenceEqual("\u007fELF"u8) || header[4] != 2 || header[5] != 1)
        {
            return [];
        }

        var sectionsOffset = BinaryPrimitives.ReadInt64LittleEndian(header[0x28..]);
        var entrySize = BinaryPrimitives.ReadUInt16LittleEndian(header[0x3A..]);
        var count = BinaryPrimitives.ReadUInt16LittleEndian(header[0x3C..]);
        if (entrySize != SectionHeaderSize || count is 0 or > MaxSections || sectionsOffset <= 0)
        {
            return [];
        }

        var sections = new byte[count * SectionHeaderSize];
        if (RandomAccess.Read(file, sections, sectionsOffset) < sections.Length)
        {
            return [];
        }

        for (var i = 0; i < count; i++)
        {
            var section = sections.AsSpan(i * SectionHeaderSize, SectionHeaderSize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(section[4..]) != SectionTypeDynamic)
            {
                continue;
            }

            var link = BinaryPrimitives.ReadUInt32LittleEndian(section[40..]);
            if (link >= count)
            {
                return [];
            }

            var strings = sections.AsSpan((int)link * SectionHeaderSize, SectionHeaderSize);
            var dynamic = ReadSection(file, section, MaxDynamicBytes);
            var table = ReadSection(file, strings, MaxStringTableBytes);
            return dynamic is null || table is null ? [] : NeededNames(dynamic, table);
        }

        return [];
    }

    private static byte[]? ReadSection(Microsoft.Win32.SafeHandles.SafeFileHandle file, ReadOnlySpan<byte> section, long maxBytes)
    {
        var offset = BinaryPrimitives.ReadInt64LittleEndian(section[24..]);
        var size = BinaryPrimitives.ReadInt64LittleEndian(section[32..]);
        if (offset <= 0 || size <= 0 || size > maxBytes)
        {
            return null;
        }

        var bytes = new byte[size];
        return RandomAccess.Read(file, bytes, offset) == size ? bytes : null;
    }

    private static List<string> NeededNames(byte[] dynamic, byte[] table)
    {
        var names = new List<string>();
        for (var at = 0; at + 16 <= dynamic.Length; at += 16)
        {
            var tag = BinaryPrimitives.ReadInt64LittleEndian(dynamic.AsSpan(at));
            if (tag == 0)
            {
                break;
            }

            var value = BinaryPrimitives.ReadInt64LittleEndian(dynamic.AsSpan(at + 8));
            if (tag != DynamicTagNeeded || value < 0 || value >= table.Length)
            {
                continue;
            }

            var name = table.AsSpan((int)value);
            var end = name.IndexOf((byte)0);
            names.Add(Encoding.UTF8.GetString(end < 0 ? name : name[..end]));
        }

        return names;
    }
}
