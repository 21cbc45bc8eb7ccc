using System.Runtime.InteropServices;

namespace MetaSemi.Data;

/// <summary>Creates hard links through the OS (.NET has no managed API for them).</summary>
internal static partial class HardLink
{
    /// <summary>Links <paramref name="link"/> to <paramref name="target"/>; false when the OS refuses (other device, no support).</summary>
    public static bool TryCreate(string link, string target)
    {
        try
        {
            return OperatingSystem.IsWindows() ? CreateHardLinkW(link, target, IntPtr.Zero) : Link(target, link) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string newPath);

    [LibraryImport("kernel32", EntryPoint = "CreateHardLinkW", StringMarshalling = StringMarshalling.Utf16)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool CreateHardLinkW(string fileName, string existingFileName, IntPtr securityAttributes);
}
