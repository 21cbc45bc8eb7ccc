// Build-time fix for libLibTorchSharp.so 0.107.0 on hosts whose libstdc++ predates GLIBCXX_3.4.32.
//
// The library lists GLIBCXX_3.4.32 in its version needs only for a symbol it never calls, so the
// need can be marked weak (VER_FLG_WEAK): the dynamic loader then accepts a libstdc++ without it.
// This file is compiled twice: by MSBuild's RoslynCodeTaskFactory (MetaSemi.Core.targets) and,
// with METASEMI_PATCHER_LOGIC_ONLY defined, into the tests, which exercise the ELF logic alone.
// The task factory compiles against .NET Standard, hence plain byte arithmetic and no spans.
#nullable enable
using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace MetaSemi.Build
{
    /// <summary>What <see cref="ElfVersionNeedPatcher"/> found or did.</summary>
    public enum ElfPatchOutcome
    {
        /// <summary>The version need was strong and has been marked weak.</summary>
        Patched,

        /// <summary>The version need was already weak; nothing was written.</summary>
        AlreadyWeak,

        /// <summary>The file is not a little-endian ELF64 image, or its headers are out of bounds.</summary>
        NotElf64,

        /// <summary>The image has no .gnu.version_r (SHT_GNU_verneed) section.</summary>
        NoVersionNeedSection,

        /// <summary>The image does not need the requested version.</summary>
        VersionAbsent,
    }

    /// <summary>Sets VER_FLG_WEAK on one version need of an ELF64 shared object.</summary>
    public static class ElfVersionNeedPatcher
    {
        private const uint ShtGnuVerneed = 0x6ffffffe;
        private const ushort VerFlgWeak = 0x2;

        /// <summary>
        /// Marks <paramref name="versionName"/> weak in <paramref name="image"/>, in place.
        /// Only the two bytes of that entry's vna_flags can change.
        /// </summary>
        public static ElfPatchOutcome MarkVersionWeak(byte[] image, string versionName, out string detail)
        {
            if (image is null) throw new ArgumentNullException(nameof(image));
            if (versionName is null) throw new ArgumentNullException(nameof(versionName));

            if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
            {
                detail = "no ELF magic number at offset 0";
                return ElfPatchOutcome.NotElf64;
            }

            if (image[4] != 2 || image[5] != 1)
            {
                detail = $"ELF class {image[4]} / data encoding {image[5]}, expected 2 (ELF64) / 1 (little-endian)";
                return ElfPatchOutcome.NotElf64;
            }

            ulong sectionTable = U64(image, 0x28);
            ushort entrySize = U16(image, 0x3A);
            ushort sectionCount = U16(image, 0x3C);
            if (entrySize < 64 || sectionTable == 0 || sectionTable + ((ulong)entrySize * sectionCount) > (ulong)image.Length)
            {
                detail = $"section header table (offset {sectionTable}, {sectionCount} entries of {entrySize} bytes) lies outside the {image.Length}-byte file";
                return ElfPatchOutcome.NotElf64;
            }

            for (int s = 0; s < sectionCount; s++)
            {
                long header = (long)sectionTable + ((long)s * entrySize);
                if (U32(image, header + 4) != ShtGnuVerneed)
                {
                    continue;
                }

                ulong offset = U64(image, header + 24);
                ulong size = U64(image, header + 32);
                uint link = U32(image, header + 40);
                uint needCount = U32(image, header + 44);
                if (offset + size > (ulong)image.Length || link >= sectionCount)
                {
                    detail = $".gnu.version_r section {s} (offset {offset}, size {size}, link {link}) lies outside the file";
                    return ElfPatchOutcome.NotElf64;
                }

                long strings = (long)sectionTable + ((long)link * entrySize);
                ulong stringsOffset = U64(image, strings + 24);
                ulong stringsSize = U64(image, strings + 32);
                if (stringsOffset + stringsSize > (ulong)image.Length)
                {
                    detail = $"string table section {link} lies outside the file";
                    return ElfPatchOutcome.NotElf64;
                }

                return PatchVersionNeeds(image, (long)offset, (long)size, needCount, (long)stringsOffset, (long)stringsSize, versionName, out detail);
            }

            detail = "no .gnu.version_r (SHT_GNU_verneed) section";
            return ElfPatchOutcome.NoVersionNeedSection;
        }

        private static ElfPatchOutcome PatchVersionNeeds(
            byte[] image, long start, long size, uint needCount, long stringsOffset, long stringsSize, string versionName, out string detail)
        {
            long need = start;
            for (uint n = 0; n < needCount; n++)
            {
                if (need < start || need + 16 > start + size)
                {
                    detail = $"version need entry {n} at offset {need} lies outside .gnu.version_r";
                    return ElfPatchOutcome.NotElf64;
                }

                ushort auxCount = U16(image, need + 2);
                uint auxOffset = U32(image, need + 8);
                uint nextOffset = U32(image, need + 12);
                long aux = need + auxOffset;
                for (int a = 0; a < auxCount; a++)
                {
                    if (aux < start || aux + 16 > start + size)
                    {
                        detail = $"version need auxiliary entry at offset {aux} lies outside .gnu.version_r";
                        return ElfPatchOutcome.NotElf64;
                    }

                    uint name = U32(image, aux + 8);
                    if (NameEquals(image, stringsOffset, stringsSize, name, versionName))
                    {
                        long flagsAt = aux + 4;
                        ushort flags = U16(image, flagsAt);
                        if ((flags & VerFlgWeak) != 0)
                        {
                            detail = $"{versionName} is already weak (vna_flags at offset {flagsAt})";
                            return ElfPatchOutcome.AlreadyWeak;
                        }

                        image[flagsAt] = (byte)(flags | VerFlgWeak);
                        detail = $"{versionName} marked weak (vna_flags at offset {flagsAt})";
                        return ElfPatchOutcome.Patched;
                    }

                    aux += U32(image, aux + 12);
                }

                if (nextOffset == 0)
                {
                    break;
                }

                need += nextOffset;
            }

            detail = $"{versionName} is not among the version needs";
            return ElfPatchOutcome.VersionAbsent;
        }

        private static ushort U16(byte[] image, long at) => (ushort)(image[at] | (image[at + 1] << 8));

        private static uint U32(byte[] image, long at) => U16(image, at) | ((uint)U16(image, at + 2) << 16);

        private static ulong U64(byte[] image, long at) => U32(image, at) | ((ulong)U32(image, at + 4) << 32);

        private static bool NameEquals(byte[] image, long stringsOffset, long stringsSize, uint name, string expected)
        {
            long at = stringsOffset + name;
            long end = at + expected.Length;
            if (name >= stringsSize || end >= stringsOffset + stringsSize)
            {
                return false;
            }

            for (int i = 0; i < expected.Length; i++)
            {
                if (image[at + i] != (byte)expected[i])
                {
                    return false;
                }
            }

            return image[end] == 0;
        }

        /// <summary>
        /// Patches <paramref name="path"/> in place through a temporary file and a rename, so that a
        /// hard link into the NuGet cache is replaced rather than modified. Writes only when patched.
        /// </summary>
        public static ElfPatchOutcome PatchFile(string path, string versionName, out string detail)
        {
            byte[] image = File.ReadAllBytes(path);
            var outcome = MarkVersionWeak(image, versionName, out detail);
            if (outcome == ElfPatchOutcome.Patched)
            {
                string temporary = path + ".metasemi-patch.tmp";
                File.WriteAllBytes(temporary, image);
                File.Delete(path);
                File.Move(temporary, path);
            }

            return outcome;
        }

        /// <summary>
        /// Whether the host's libstdc++.so.6 defines <paramref name="versionName"/>; null when no
        /// libstdc++.so.6 is found in the usual library folders.
        /// </summary>
        public static bool? HostLibStdCxxDefines(string versionName, string? libStdCxxPath = null)
        {
            string? path = libStdCxxPath ?? FindHostLibStdCxx();
            if (path is null || !File.Exists(path))
            {
                return null;
            }

            byte[] needle = Encoding.ASCII.GetBytes(versionName + "\0");
            byte[] library = File.ReadAllBytes(path);
            for (long i = 0; i + needle.Length <= library.Length; i++)
            {
                long j = 0;
                while (j < needle.Length && library[i + j] == needle[j])
                {
                    j++;
                }

                if (j == needle.Length)
                {
                    return true;
                }
            }

            return false;
        }

        private static string? FindHostLibStdCxx()
        {
            string arch = RuntimeInformation.OSArchitecture switch
            {
                Architecture.Arm64 => "aarch64",
                _ => "x86_64",
            };
            string[] candidates =
            {
                $"/usr/lib/{arch}-linux-gnu/libstdc++.so.6",
                $"/lib/{arch}-linux-gnu/libstdc++.so.6",
                "/usr/lib64/libstdc++.so.6",
                "/lib64/libstdc++.so.6",
                "/usr/lib/libstdc++.so.6",
            };
            foreach (var candidate in candidates)
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }
    }
}

#if !METASEMI_PATCHER_LOGIC_ONLY
namespace MetaSemi.Build
{
    /// <summary>
    /// MSBuild task: on Linux hosts whose libstdc++ lacks <see cref="Version"/>, marks that version
    /// need weak in each of <see cref="Files"/>. Leaves other hosts' files untouched.
    /// </summary>
    public sealed class MarkGlibcxxVersionWeak : Microsoft.Build.Utilities.Task
    {
        /// <summary>The copies of libLibTorchSharp.so in the output folder.</summary>
        [Microsoft.Build.Framework.Required]
        public Microsoft.Build.Framework.ITaskItem[] Files { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

        /// <summary>The version need to weaken.</summary>
        public string Version { get; set; } = "GLIBCXX_3.4.32";

        /// <summary>Overrides the host's libstdc++.so.6 (for tests).</summary>
        public string? LibStdCxxPath { get; set; }

        /// <inheritdoc />
        public override bool Execute()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || Files.Length == 0)
            {
                return true;
            }

            bool? hostHasVersion = ElfVersionNeedPatcher.HostLibStdCxxDefines(Version, string.IsNullOrEmpty(LibStdCxxPath) ? null : LibStdCxxPath);
            if (hostHasVersion != false)
            {
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low,
                    hostHasVersion == true
                        ? $"MetaSemi: host libstdc++ defines {Version}; libLibTorchSharp.so left as shipped."
                        : $"MetaSemi: no libstdc++.so.6 found; libLibTorchSharp.so left as shipped.");
                return true;
            }

            foreach (var item in Files)
            {
                string path = item.ItemSpec;
                var outcome = ElfVersionNeedPatcher.PatchFile(path, Version, out string detail);
                switch (outcome)
                {
                    case ElfPatchOutcome.Patched:
                        Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal,
                            $"MetaSemi: {path}: {detail} (host libstdc++ lacks {Version}).");
                        break;
                    case ElfPatchOutcome.AlreadyWeak:
                        Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, $"MetaSemi: {path}: {detail}.");
                        break;
                    default:
                        Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                            $"MetaSemi: {path} left unchanged, its layout is not what the {Version} fix expects: {detail}.");
                        break;
                }
            }

            return true;
        }
    }
}
#endif
