namespace Orchestrator.Context;

/// <summary>
/// An analysis worker's term ids and counts, appended into a few large blocks (each run kept whole in one block) rather
/// than an array per chunk: every one of them lives until the index is saved, and a garbage collection copies each small
/// array it finds alive from generation to generation, where it leaves a large block in place.
/// </summary>
internal sealed class IntBlocks
{
    private const int FirstBlock = 1 << 12;
    private const int LargestBlock = 1 << 20;

    private readonly List<int[]> _blocks = [];
    private int _used;

    /// <summary>Copies the values in; returns where they are.</summary>
    public IntRun Append(ReadOnlySpan<int> values)
    {
        values.CopyTo(Add(values.Length, out var run));
        return run;
    }

    /// <summary>Room for <paramref name="length"/> values at the end: returns them to be filled in, and where they are.</summary>
    public Span<int> Add(int length, out IntRun run)
    {
        var block = Reserve(length);
        run = new IntRun(block, _used, length);
        _used += length;
        return _blocks[block].AsSpan(run.Offset, length);
    }

    public Span<int> this[IntRun run] => _blocks[run.Block].AsSpan(run.Offset, run.Length);

    private int Reserve(int length)
    {
        if (_blocks.Count > 0 && _used + length <= _blocks[^1].Length)
        {
            return _blocks.Count - 1;
        }

        var size = _blocks.Count == 0 ? FirstBlock : Math.Min(_blocks[^1].Length * 2, LargestBlock);
        _blocks.Add(GC.AllocateUninitializedArray<int>(Math.Max(size, length)));
        _used = 0;
        return _blocks.Count - 1;
    }
}

/// <summary>Where a run of values is in an <see cref="IntBlocks"/>.</summary>
internal readonly record struct IntRun(int Block, int Offset, int Length);
