using System.Management.Automation;
using System.Reflection;

namespace ModelRelease.Infrastructure;

/// <summary>
/// Writes a warning record on a cmdlet's warning stream with an Inquire preference taken as Continue: the engine's own
/// write (the one Write-Warning uses, with its redirection, -WarningVariable and transcript), asked not to prompt.
/// PowerShell exposes that only internally (<c>MshCommandRuntime.WriteWarning(WarningRecord, bool overrideInquire)</c>),
/// so it is found by reflection once; a PowerShell without it answers false and the caller writes elsewhere.
/// </summary>
internal static class UnpromptedWarning
{
    private static readonly MethodInfo? Write = typeof(PSCmdlet).Assembly
        .GetType("System.Management.Automation.MshCommandRuntime")?
        .GetMethod("WriteWarning", BindingFlags.Instance | BindingFlags.NonPublic, [typeof(WarningRecord), typeof(bool)]);

    /// <summary>Writes <paramref name="text"/> through <paramref name="runtime"/> without a prompt; false when this PowerShell offers no such write.</summary>
    public static bool TryWrite(ICommandRuntime runtime, string text)
    {
        if (Write is null || !Write.DeclaringType!.IsInstanceOfType(runtime)) return false;
        try
        {
            Write.Invoke(runtime, [new WarningRecord(text), true]);
            return true;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
    }
}
