using System.Runtime.InteropServices;

namespace DmIo.Cli.Commands.Nbd;

/// <summary>
/// <c>--exit-with-parent</c>: notices that the process which started dmio-sim has exited (the parent process id
/// changes when the orphan is adopted), as nbdkit's option of the same name does, so a harness that is killed leaves
/// no server behind. It checks twice a second on a background thread.
/// </summary>
internal static class ParentWatch
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    /// <summary>Whether this platform can tell (Linux and macOS have <c>getppid</c>).</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS();

    private static int _startupParent; // the parent when the process started, before anything slow (0: not noted)

    /// <summary>
    /// Notes the parent as the process starts: a parent that exits while the scenario loads is then still noticed
    /// (read later, the orphan's new parent would be taken for the parent).
    /// </summary>
    public static void NoteStartupParent()
    {
        if (IsSupported)
        {
            _startupParent = GetParentProcessId();
        }
    }

    /// <summary>Starts watching; <paramref name="parentGone"/> is called once, from the watching thread.</summary>
    /// <param name="parentGone">What to do when the parent has exited.</param>
    public static void Start(Action parentGone)
    {
        int parent = _startupParent != 0 ? _startupParent : GetParentProcessId();
        var thread = new Thread(() =>
        {
            while (GetParentProcessId() == parent)
            {
                Thread.Sleep(Interval);
            }

            parentGone();
        })
        { IsBackground = true, Name = "dmio-sim nbd parent watch" };
        thread.Start();
    }

    [DllImport("libc", EntryPoint = "getppid")]
    private static extern int GetParentProcessId();
}
