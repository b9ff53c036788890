using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Orchestrator.Context;

/// <summary>
/// Asks the processor to bring a value's cache line in while other work goes on: the scan looks up its words' slots and
/// their terms' counts in tables larger than the caches, and waiting for each miss in turn was a third of the scan.
/// </summary>
internal static class CachePrefetch
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Of<T>(ref T value)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref value));
        }
    }
}
