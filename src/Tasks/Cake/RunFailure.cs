using Cake.Core;
using Orchestrator.Runs;

namespace Orchestrator.CakeAdapter;

/// <summary>
/// What an exception out of a run means, in the one line the user sees and the exit code: bad input (2), cancelled
/// (130), a phase that failed (1). The command line prints it after <c>error: </c>; the addin's aliases throw it.
/// </summary>
public static class RunFailure
{
    public const int Cancelled = 130;

    public const string CancelledMessage = "cancelled; run again with --resume (and the same --artifacts) to go on";

    public static (int ExitCode, string Message) Classify(Exception exception, bool cancelled)
    {
        var root = exception;
        while (root is AggregateException or CakeReportException or System.Reflection.TargetInvocationException
               && root.InnerException is not null)
        {
            root = root.InnerException!;
        }

        return root switch
        {
            InputException input => (InputException.ExitCode, input.Message),
            OperationCanceledException when cancelled => (Cancelled, CancelledMessage),
            PhaseFailedException failed => (failed.ExitCode, failed.Message),
            _ => (1, root.Message),
        };
    }
}
